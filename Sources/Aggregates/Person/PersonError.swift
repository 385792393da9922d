/// Why a Person command was refused. A struct with an extensible code, the field it concerns
/// (decoding and validation errors name it), and a human-readable message.
public struct PersonError: Error, Hashable, Sendable {
    /// What kind of refusal; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case alreadyExists, notFound, deceased, merged, deactivated, emptyReason, noChange, invalid
            case conflict, attributeNotFound, notSupported
        }
        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// `CreatePerson` for a person that already exists.
        public static let alreadyExists = Code(.alreadyExists)
        /// A command other than `CreatePerson` for a person that does not exist.
        public static let notFound = Code(.notFound)
        /// The person is deceased: terminal.
        public static let deceased = Code(.deceased)
        /// The person was merged into another: terminal.
        public static let merged = Code(.merged)
        /// The person is deactivated; reactivate first.
        public static let deactivated = Code(.deactivated)
        /// A reason was empty or blank.
        public static let emptyReason = Code(.emptyReason)
        /// The command would change nothing; no event was produced.
        public static let noChange = Code(.noChange)
        /// A field's value is not acceptable; `field` names it.
        public static let invalid = Code(.invalid)
        /// The command contradicts a fact already recorded.
        public static let conflict = Code(.conflict)
        /// No current attribute of the given type.
        public static let attributeNotFound = Code(.attributeNotFound)
        /// The contract has no event for this command.
        public static let notSupported = Code(.notSupported)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The contract's field name (snake_case) the refusal concerns, if any.
    public let field: String?
    public let message: String

    public init(_ code: Code, field: String? = nil, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// Whether the person is in a terminal state (deceased or merged).
    public var isTerminal: Bool { code == .deceased || code == .merged }
}

extension PersonError: CodedFailure {}
