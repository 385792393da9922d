/// The events of the contract. Every body carries `person_id` except `PersonMergedInto`,
/// which carries `source_person_id` (the aggregate) and `merged_into_id`.
public enum PersonEvent: Hashable, Sendable {
    case personCreated(personID: PersonID, name: PersonName, source: String, createdAt: Timestamp)
    /// Kept for streams written by the original; `decide` emits `nameUpdated` instead.
    case personUpdated(personID: PersonID, name: PersonName, updatedAt: Timestamp)
    case nameUpdated(personID: PersonID, oldName: PersonName, newName: PersonName, reason: String?, updatedAt: Timestamp)
    case birthDateSet(personID: PersonID, birthDate: CalendarDate, setAt: Timestamp)
    case deathRecorded(personID: PersonID, dateOfDeath: CalendarDate, recordedAt: Timestamp)
    case personDeactivated(personID: PersonID, reason: String, deactivatedAt: Timestamp)
    case personReactivated(personID: PersonID, reason: String, reactivatedAt: Timestamp)
    case personMergedInto(sourcePersonID: PersonID, mergedIntoID: PersonID, mergeReason: MergeReason, mergedAt: Timestamp)
    case attributeRecorded(personID: PersonID, attribute: PersonAttribute, recordedAt: Timestamp)
    case attributeUpdated(
        personID: PersonID, attributeType: AttributeType, oldAttribute: PersonAttribute, newAttribute: PersonAttribute,
        updatedAt: Timestamp)
    case attributeInvalidated(personID: PersonID, attributeType: AttributeType, invalidatedAt: Timestamp, reason: String?)
}
