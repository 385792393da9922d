/// Why a Policy command was refused: an extensible code, the contract's field it concerns
/// (snake_case, e.g. `rules[0].name`), and a sentence.
public struct PolicyError: Error, Hashable, Sendable {
    /// What kind of refusal; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case alreadyExists = "already_exists"
            case notFound = "not_found"
            case wrongKind = "wrong_kind"
            case invalid
            case invalidTransition = "invalid_transition"
            case notEditable = "not_editable"
            case noChange = "no_change"
            case emptyReason = "empty_reason"
            case alreadyMember = "already_member"
            case notMember = "not_member"
            case referencesUnavailable = "references_unavailable"
        }
        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// `create`, `create_set` or `grant_exemption` for an id that already has events (of any kind).
        public static let alreadyExists = Code(.alreadyExists)
        /// The addressed id has no events, or a referenced policy does not exist (`field` says which).
        public static let notFound = Code(.notFound)
        /// The id names another kind: a policy command sent to a set, or a set member that is an exemption.
        public static let wrongKind = Code(.wrongKind)
        /// A field's value breaks a rule; `field` names it.
        public static let invalid = Code(.invalid)
        /// The status machine does not allow the move; the message names both statuses.
        public static let invalidTransition = Code(.invalidTransition)
        /// `update` on a policy that is no longer Draft or UnderReview.
        public static let notEditable = Code(.notEditable)
        /// The command would change nothing; no event was produced.
        public static let noChange = Code(.noChange)
        /// A required reason was empty or blank.
        public static let emptyReason = Code(.emptyReason)
        /// `add_to_set` for a policy already in the set.
        public static let alreadyMember = Code(.alreadyMember)
        /// `remove_from_set` for a policy not in the set.
        public static let notMember = Code(.notMember)
        /// The referenced policies were not read (a runtime that skipped `prerequisite`); nothing was recorded.
        public static let referencesUnavailable = Code(.referencesUnavailable)

        /// The code as replies carry it, in snake_case, e.g. `invalid_transition`.
        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The contract's field name the refusal concerns, if any.
    public let field: String?
    public let message: String

    public init(_ code: Code, field: String? = nil, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }
}

extension PolicyError: DomainError {}
