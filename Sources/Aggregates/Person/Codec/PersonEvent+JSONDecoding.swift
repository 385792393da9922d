extension PersonEvent {
    static let tags = [
        "PersonCreated", "PersonUpdated", "NameUpdated", "BirthDateSet", "DeathRecorded", "PersonDeactivated",
        "PersonReactivated", "PersonMergedInto", "AttributeRecorded", "AttributeUpdated", "AttributeInvalidated",
    ]

    /// Reads `{"<EventName>":{…}}` back. Variant names inside attributes are taken as stored.
    /// - Throws: `CommandDecodingError` naming the field, e.g. `event.PersonCreated.created_at`.
    static func decode(_ node: JSONNode, at path: String) throws(CommandDecodingError) -> PersonEvent {
        let (tag, body) = try node.tagged(at: path)
        guard tags.contains(tag) else { throw PersonVariants.unknown(tag, at: path, expected: tags) }
        let f = try JSONFields(body, at: path + "." + tag)
        switch tag {
        case "PersonCreated":
            return .personCreated(
                personID: try f.personID("person_id"), name: try f.name("name"), source: try f.string("source"),
                createdAt: try f.timestamp("created_at"))
        case "PersonUpdated":
            return .personUpdated(personID: try f.personID("person_id"), name: try f.name("name"), updatedAt: try f.timestamp("updated_at"))
        case "NameUpdated":
            return .nameUpdated(
                personID: try f.personID("person_id"), oldName: try f.name("old_name"), newName: try f.name("new_name"),
                reason: try f.optionalString("reason"), updatedAt: try f.timestamp("updated_at"))
        case "BirthDateSet":
            return .birthDateSet(personID: try f.personID("person_id"), birthDate: try f.date("birth_date"), setAt: try f.timestamp("set_at"))
        case "DeathRecorded":
            return .deathRecorded(
                personID: try f.personID("person_id"), dateOfDeath: try f.date("date_of_death"), recordedAt: try f.timestamp("recorded_at"))
        case "PersonDeactivated":
            return .personDeactivated(
                personID: try f.personID("person_id"), reason: try f.string("reason"), deactivatedAt: try f.timestamp("deactivated_at"))
        case "PersonReactivated":
            return .personReactivated(
                personID: try f.personID("person_id"), reason: try f.string("reason"), reactivatedAt: try f.timestamp("reactivated_at"))
        case "PersonMergedInto":
            return .personMergedInto(
                sourcePersonID: try f.personID("source_person_id"), mergedIntoID: try f.personID("merged_into_id"),
                mergeReason: try f.variant("merge_reason", as: MergeReason.self), mergedAt: try f.timestamp("merged_at"))
        case "AttributeRecorded":
            return .attributeRecorded(
                personID: try f.personID("person_id"), attribute: try f.attribute("attribute", strict: false),
                recordedAt: try f.timestamp("recorded_at"))
        case "AttributeUpdated":
            return .attributeUpdated(
                personID: try f.personID("person_id"), attributeType: try f.attributeType("attribute_type", strict: false),
                oldAttribute: try f.attribute("old_attribute", strict: false), newAttribute: try f.attribute("new_attribute", strict: false),
                updatedAt: try f.timestamp("updated_at"))
        case "AttributeInvalidated":
            return .attributeInvalidated(
                personID: try f.personID("person_id"), attributeType: try f.attributeType("attribute_type", strict: false),
                invalidatedAt: try f.timestamp("invalidated_at"), reason: try f.optionalString("reason"))
        default:
            throw PersonVariants.unknown(tag, at: path, expected: tags)
        }
    }
}
