extension PersonEvent: AggregateEvent {
    /// The contract's event name; the JSON tag and the `typeName` a runtime stores.
    public var typeName: String {
        switch self {
        case .personCreated: "PersonCreated"
        case .personUpdated: "PersonUpdated"
        case .nameUpdated: "NameUpdated"
        case .birthDateSet: "BirthDateSet"
        case .deathRecorded: "DeathRecorded"
        case .personDeactivated: "PersonDeactivated"
        case .personReactivated: "PersonReactivated"
        case .personMergedInto: "PersonMergedInto"
        case .attributeRecorded: "AttributeRecorded"
        case .attributeUpdated: "AttributeUpdated"
        case .attributeInvalidated: "AttributeInvalidated"
        }
    }

    /// The last token of `person.events.{uuid}.{suffix}`.
    public var subjectSuffix: String {
        switch self {
        case .personCreated: "created"
        case .personUpdated: "updated"
        case .nameUpdated: "name_updated"
        case .birthDateSet: "birth_date_set"
        case .deathRecorded: "death_recorded"
        case .personDeactivated: "deactivated"
        case .personReactivated: "reactivated"
        case .personMergedInto: "merged"
        case .attributeRecorded: "attribute_recorded"
        case .attributeUpdated: "attribute_updated"
        case .attributeInvalidated: "attribute_invalidated"
        }
    }

    /// The aggregate the event belongs to (`source_person_id` for a merge).
    public var personID: PersonID {
        switch self {
        case .personCreated(let id, _, _, _), .personUpdated(let id, _, _), .nameUpdated(let id, _, _, _, _),
            .birthDateSet(let id, _, _), .deathRecorded(let id, _, _), .personDeactivated(let id, _, _),
            .personReactivated(let id, _, _), .personMergedInto(let id, _, _, _), .attributeRecorded(let id, _, _),
            .attributeUpdated(let id, _, _, _, _), .attributeInvalidated(let id, _, _, _):
            id
        }
    }
}
