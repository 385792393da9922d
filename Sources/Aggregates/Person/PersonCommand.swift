/// The 11 commands of the contract, named as it names them. `MergePersons` is addressed to its source.
public enum PersonCommand: Hashable, Sendable {
    case createPerson(personID: PersonID, name: PersonName, source: String)
    case updateName(personID: PersonID, name: PersonName, reason: String?)
    case setBirthDate(personID: PersonID, birthDate: CalendarDate)
    case recordDeath(personID: PersonID, dateOfDeath: CalendarDate)
    case deactivatePerson(personID: PersonID, reason: String)
    case reactivatePerson(personID: PersonID, reason: String)
    case mergePersons(sourcePersonID: PersonID, targetPersonID: PersonID, mergeReason: MergeReason)
    case archivePerson(personID: PersonID, reason: String)
    case recordAttribute(personID: PersonID, attribute: PersonAttribute)
    case updateAttribute(personID: PersonID, attributeType: AttributeType, newAttribute: PersonAttribute)
    case invalidateAttribute(personID: PersonID, attributeType: AttributeType, reason: String?)

    /// The person the command is addressed to.
    public var personID: PersonID {
        switch self {
        case .createPerson(let id, _, _), .updateName(let id, _, _), .setBirthDate(let id, _),
            .recordDeath(let id, _), .deactivatePerson(let id, _), .reactivatePerson(let id, _),
            .mergePersons(let id, _, _), .archivePerson(let id, _), .recordAttribute(let id, _),
            .updateAttribute(let id, _, _), .invalidateAttribute(let id, _, _):
            id
        }
    }

    /// The command's name in the contract, e.g. `CreatePerson`.
    public var typeName: String {
        switch self {
        case .createPerson: "CreatePerson"
        case .updateName: "UpdateName"
        case .setBirthDate: "SetBirthDate"
        case .recordDeath: "RecordDeath"
        case .deactivatePerson: "DeactivatePerson"
        case .reactivatePerson: "ReactivatePerson"
        case .mergePersons: "MergePersons"
        case .archivePerson: "ArchivePerson"
        case .recordAttribute: "RecordAttribute"
        case .updateAttribute: "UpdateAttribute"
        case .invalidateAttribute: "InvalidateAttribute"
        }
    }
}
