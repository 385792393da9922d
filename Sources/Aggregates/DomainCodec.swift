/// The bytes side of a domain: the runtime only moves bytes, the domain owns their JSON.
///
/// A runtime hosting a domain needs exactly these conversions: a request's payload to a command,
/// events to and from their stored envelopes, the state to and from a snapshot, a refusal to a
/// code and a sentence, and the domain's success reply. Everything here is pure: no I/O, no
/// clock (the metadata carries the time), no randomness.
public protocol DomainCodec: Sendable {
    associatedtype State: Aggregate

    /// The domain's name in subjects and logs, e.g. `person`.
    var domain: String { get }

    /// Events are stored on `<eventSubjectPrefix>.<aggregate id>.<event suffix>`; by default
    /// `<domain>.events` (Person: `person.events`; Location and Policy: `events.<domain>`).
    var eventSubjectPrefix: String { get }

    /// Decodes the payload of a command request received on `subject`.
    /// - Throws: `CommandDecodingError` naming the field that is missing or malformed.
    func decodeCommand(subject: String, payload: UnsafeRawBufferPointer, metadata: CommandMetadata) throws(CommandDecodingError) -> State.Command

    /// The command's name for metrics and logs, e.g. `CreatePerson`.
    func commandName(_ command: State.Command) -> String

    /// Appends the stored form of one event envelope to `buffer`.
    func encodeEvent(_ envelope: EventEnvelope<State.ID, State.Event>, into buffer: inout [UInt8])

    /// Reads a stored event envelope back.
    /// - Throws: `CommandDecodingError` (its field names what is wrong) when the bytes are not an envelope.
    func decodeEvent(_ bytes: UnsafeRawBufferPointer) throws(CommandDecodingError) -> EventEnvelope<State.ID, State.Event>

    /// Appends the state's snapshot form to `buffer` (the runtime wraps it with its own metadata).
    func encodeState(_ state: State, into buffer: inout [UInt8])

    /// Reads a state written by `encodeState`.
    /// - Throws: `CommandDecodingError` when the bytes are not a state of this schema.
    func decodeState(_ bytes: UnsafeRawBufferPointer) throws(CommandDecodingError) -> State

    /// The version of `encodeState`'s format; a snapshot of another version is ignored (full replay).
    var stateSchemaVersion: Int { get }

    /// Appends the domain's success reply for a command that stored `eventsGenerated` events and
    /// left the aggregate at `version`.
    func encodeSuccessReply(aggregateID: State.ID, version: Int, eventsGenerated: Int, into buffer: inout [UInt8])

    /// The stable code and a sentence for a refusal; the runtime writes
    /// `{"error":{"code":…,"message":…}}` (plus `field` when there is one).
    func describe(_ failure: State.Failure) -> DomainFailure
}

extension DomainCodec {
    public var eventSubjectPrefix: String { "\(domain).events" }
}

/// A typed refusal as every domain shapes it (`PersonError`, `LocationError`, `AgentError`): an
/// extensible code, the contract's field it concerns, and a sentence. Its text is
/// `code (field): message`, or `code: message` without a field.
public protocol DomainError: Error, CustomStringConvertible {
    associatedtype Code: CustomStringConvertible
    var code: Code { get }
    /// The contract's field name the refusal concerns, if any.
    var field: String? { get }
    var message: String { get }
}

extension DomainError {
    public var description: String {
        if let field { return "\(code) (\(field)): \(message)" }
        return "\(code): \(message)"
    }

    /// The refusal as a reply carries it: the code's text, the field and the message.
    public var domainFailure: DomainFailure {
        DomainFailure(code: code.description, field: field, message: message)
    }
}

extension DomainCodec where State.Failure: DomainError {
    /// The refusal's code as its `description` writes it, its field and its sentence.
    public func describe(_ failure: State.Failure) -> DomainFailure {
        failure.domainFailure
    }
}

/// A refusal as a reply carries it: a stable, machine-readable code, the field it concerns, and a sentence.
public struct DomainFailure: Hashable, Sendable {
    public var code: String
    public var field: String?
    public var message: String

    public init(code: String, field: String? = nil, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }
}

/// A payload that is not a valid command (or stored bytes that are not a valid event or state).
public struct CommandDecodingError: DomainError, Hashable, Sendable {
    /// Why decoding failed; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case malformedJSON = "malformed_json"
            case unknownCommand = "unknown_command"
            case missingField = "missing_field"
            case invalidField = "invalid_field"
        }
        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// The bytes are not JSON (or not the expected top-level shape).
        public static let malformedJSON = Code(.malformedJSON)
        /// The JSON names no command this domain knows.
        public static let unknownCommand = Code(.unknownCommand)
        /// A required field is absent.
        public static let missingField = Code(.missingField)
        /// A field is present with the wrong type or an unacceptable value.
        public static let invalidField = Code(.invalidField)

        /// The code as replies carry it, e.g. `missing_field`.
        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The path of the offending field, e.g. `CreatePerson.name.components.prefixes`.
    public let field: String?
    public let message: String

    public init(_ code: Code, field: String? = nil, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }
}
