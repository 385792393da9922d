/// Where a person is in its lifecycle. Deceased and merged are terminal.
public enum PersonStatus: Hashable, Sendable {
    /// No `PersonCreated` yet.
    case notCreated
    case active
    case deactivated(reason: String)
    case deceased(dateOfDeath: CalendarDate)
    case mergedInto(PersonID, reason: MergeReason)

    /// No command changes a person in this status any more.
    public var isTerminal: Bool {
        switch self {
        case .deceased, .mergedInto: true
        case .notCreated, .active, .deactivated: false
        }
    }
}

/// `merge_reason` of `MergePersons`.
public enum MergeReason: String, Hashable, Sendable, CaseIterable {
    case duplicateIdentity = "DuplicateIdentity"
    case dataQualityIssue = "DataQualityIssue"
    case userRequested = "UserRequested"
    case policyDetermined = "PolicyDetermined"
}
