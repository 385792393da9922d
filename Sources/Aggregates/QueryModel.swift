/// A domain's read side: a pure fold of stored events that answers queries without replaying streams.
public protocol QueryModel: Sendable {
    associatedtype Codec: DomainCodec
    init()
    /// The subject verbs (last token) this model answers, e.g. ["evaluate", "check_compliance"].
    static var queryVerbs: [String] { get }
    /// Applies one stored event; events arrive in stream order.
    mutating func apply(_ envelope: EventEnvelope<Codec.State.ID, Codec.State.Event>)
    /// Answers a query received on a subject ending in `verb`; `at` is the request's time.
    func answer(verb: String, payload: UnsafeRawBufferPointer, at: Timestamp, into buffer: inout [UInt8]) throws(QueryError)
}

/// A query that cannot be answered: the same code/field/message a command refusal carries.
public struct QueryError: Error, Hashable, Sendable {
    public let failure: DomainFailure

    public init(_ failure: DomainFailure) {
        self.failure = failure
    }

    public init(_ decoding: CommandDecodingError) {
        self.failure = DomainFailure(code: decoding.code.description, field: decoding.field, message: decoding.message)
    }
}
