extension PersonEvent {
    /// Writes `{"<EventName>":{…}}` with the body's fields in the contract's order and absent
    /// options as `null` (serde's default for `Option`).
    func write(to w: inout JSONWriter) {
        w.beginObject()
        switch self {
        case .personCreated(let id, let name, let source, let at):
            w.writeKey("PersonCreated")
            w.beginObject()
            w.writeField("person_id", id)
            w.writeField("name", name)
            w.writeField("source", source)
            w.writeField("created_at", at)
        case .personUpdated(let id, let name, let at):
            w.writeKey("PersonUpdated")
            w.beginObject()
            w.writeField("person_id", id)
            w.writeField("name", name)
            w.writeField("updated_at", at)
        case .nameUpdated(let id, let old, let new, let reason, let at):
            w.writeKey("NameUpdated")
            w.beginObject()
            w.writeField("person_id", id)
            w.writeField("old_name", old)
            w.writeField("new_name", new)
            w.writeField("reason", reason)
            w.writeField("updated_at", at)
        case .birthDateSet(let id, let date, let at):
            w.writeKey("BirthDateSet")
            w.beginObject()
            w.writeField("person_id", id)
            w.writeField("birth_date", date)
            w.writeField("set_at", at)
        case .deathRecorded(let id, let date, let at):
            w.writeKey("DeathRecorded")
            w.beginObject()
            w.writeField("person_id", id)
            w.writeField("date_of_death", date)
            w.writeField("recorded_at", at)
        case .personDeactivated(let id, let reason, let at):
            w.writeKey("PersonDeactivated")
            w.beginObject()
            w.writeField("person_id", id)
            w.writeField("reason", reason)
            w.writeField("deactivated_at", at)
        case .personReactivated(let id, let reason, let at):
            w.writeKey("PersonReactivated")
            w.beginObject()
            w.writeField("person_id", id)
            w.writeField("reason", reason)
            w.writeField("reactivated_at", at)
        case .personMergedInto(let source, let target, let reason, let at):
            w.writeKey("PersonMergedInto")
            w.beginObject()
            w.writeField("source_person_id", source)
            w.writeField("merged_into_id", target)
            w.writeField("merge_reason", reason.rawValue)
            w.writeField("merged_at", at)
        case .attributeRecorded(let id, let attribute, let at):
            w.writeKey("AttributeRecorded")
            w.beginObject()
            w.writeField("person_id", id)
            w.writeField("attribute", attribute)
            w.writeField("recorded_at", at)
        case .attributeUpdated(let id, let type, let old, let new, let at):
            w.writeKey("AttributeUpdated")
            w.beginObject()
            w.writeField("person_id", id)
            w.writeField("attribute_type", type)
            w.writeField("old_attribute", old)
            w.writeField("new_attribute", new)
            w.writeField("updated_at", at)
        case .attributeInvalidated(let id, let type, let at, let reason):
            w.writeKey("AttributeInvalidated")
            w.beginObject()
            w.writeField("person_id", id)
            w.writeField("attribute_type", type)
            w.writeField("invalidated_at", at)
            w.writeField("reason", reason)
        }
        w.endObject()
        w.endObject()
    }
}
