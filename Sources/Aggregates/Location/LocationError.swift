/// Why a Location command was refused: an extensible code, the contract's field it concerns
/// (snake_case, dotted for nested fields, e.g. `address.street`), and a sentence.
public struct LocationError: Error, Hashable, Sendable {
    /// What kind of refusal; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case alreadyExists = "already_exists"
            case notFound = "not_found"
            case archived
            case emptyReason = "empty_reason"
            case noChange = "no_change"
            case invalid
            case parentNotFound = "parent_not_found"
            case parentCycle = "parent_cycle"
            case hierarchyTooDeep = "hierarchy_too_deep"
            case hierarchyUnavailable = "hierarchy_unavailable"
        }
        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// `define` for a location that already exists (archived ones included).
        public static let alreadyExists = Code(.alreadyExists)
        /// A command other than `define` for a location that does not exist.
        public static let notFound = Code(.notFound)
        /// The location is archived: every change is refused.
        public static let archived = Code(.archived)
        /// A reason was empty or blank.
        public static let emptyReason = Code(.emptyReason)
        /// The command would change nothing; no event was produced.
        public static let noChange = Code(.noChange)
        /// A field's value breaks a rule; `field` names it.
        public static let invalid = Code(.invalid)
        /// The proposed parent was never defined.
        public static let parentNotFound = Code(.parentNotFound)
        /// The proposed parent is the location itself or one of its descendants.
        public static let parentCycle = Code(.parentCycle)
        /// The proposed parent's ancestry is deeper than `Location.maxHierarchyDepth`.
        public static let hierarchyTooDeep = Code(.hierarchyTooDeep)
        /// The proposed parent's ancestry was not read, so a cycle cannot be ruled out (a runtime
        /// that does not supply `LocationRequest.ancestry`); nothing was recorded.
        public static let hierarchyUnavailable = Code(.hierarchyUnavailable)

        /// The code as replies carry it, in snake_case, e.g. `parent_cycle`.
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

extension LocationError: CodedFailure {}
