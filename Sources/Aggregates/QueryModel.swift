/// A domain's read side: a pure fold of stored events that answers queries without replaying streams.
///
/// A runtime feeds `apply` from the domain's event stream (every aggregate, in stream order) and
/// calls `answer` for requests on `<domain>.commands.<verb>` whose verb is in `queryVerbs`. Like
/// aggregates, a model reads no clock: the request's time arrives as `at`.
public protocol QueryModel: Sendable {
    associatedtype Codec: DomainCodec
    /// An empty model, before any event.
    init()
    /// The subject verbs (last token) this model answers, e.g. ["evaluate", "check_compliance"].
    static var queryVerbs: [String] { get }
    /// Applies one stored event; events arrive in stream order.
    mutating func apply(_ envelope: EventEnvelope<Codec.State.ID, Codec.State.Event>)
    /// Answers a query received on a subject ending in `verb`; `at` is the request's time.
    /// - Parameters:
    ///   - payload: the request's JSON body.
    ///   - buffer: the answer's JSON is appended here.
    /// - Throws: `QueryError` when the payload is not a valid query or names what does not exist.
    func answer(verb: String, payload: UnsafeRawBufferPointer, at: Timestamp, into buffer: inout [UInt8]) throws(QueryError)
}

/// A query that cannot be answered: the same code/field/message a command refusal carries, so a
/// runtime replies `{"error":{"code":…,"message":…}}` (plus `field`) for both.
public struct QueryError: Error, Hashable, Sendable, CustomStringConvertible {
    public let failure: DomainFailure

    /// A refusal with its code, field and sentence.
    public init(_ failure: DomainFailure) {
        self.failure = failure
    }

    /// A payload that is not a valid query: the decoding error's code (`malformed_json`,
    /// `unknown_command`, `missing_field`, `invalid_field`), field and message.
    public init(_ decoding: CommandDecodingError) {
        failure = decoding.domainFailure
    }

    public var description: String {
        if let field = failure.field { return "\(failure.code) (\(field)): \(failure.message)" }
        return "\(failure.code): \(failure.message)"
    }
}
