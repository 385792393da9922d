import Aggregates
import FuzzSupport

/// One fuzz input: Policy commands and queries, in order (see `QueryScript`).
///
/// Commands go through `FuzzSession` exactly as in the command fuzzer (decoded from the subject
/// and the payload, decided against the store, their events encoded, checked and stored). Before
/// a query, the read model applies the events stored since the last one, each decoded from its
/// stored bytes, in stream order (what `QueryHost` does with the stream's messages); then
/// `QueryRun.ask` answers the query and checks the answer.
func fuzzPolicyQueries(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let script = QueryScript(UnsafeRawBufferPointer(start: data, count: size))
    var run = QueryRun()
    for step in script.steps {
        switch step {
        case .command(let subject, let payload): run.session.send(subject: subject, payload: payload)
        case .query(let verb, let at, let payload): run.ask(verb: verb, payload: payload, at: at)
        }
    }
    return 0
}

/// The Policy store, and the read model fed from its stream.
struct QueryRun {
    var session = FuzzSession(codec: PolicyCodec())
    /// The read model, fed up to `fed.count` events of `session.log`.
    var catalog = PolicyCatalog()
    /// The stream's events the catalog has applied, as decoded from their stored bytes.
    var fed: [EventEnvelope<PolicyAggregateID, PolicyEvent>] = []

    /// Answers the query, then checks:
    /// - asked again, of a second catalog fed the same events, it gives the same bytes: no clock,
    ///   no randomness, and no order taken from a dictionary (the second catalog's dictionaries
    ///   are other instances, with other seeds, so their order differs);
    /// - feeding that second catalog the stream again changes nothing (a redelivery is ignored);
    /// - an answer is JSON as `PolicyCatalog.answer` documents it, a refusal a `QueryError` with
    ///   a documented code, a field if any, and a message (see `QueryRun+Checks`);
    /// - `evaluate` and `check_compliance` of the same payload agree on the results and skipped
    ///   policies, or refuse with the same code and field.
    mutating func ask(verb: String, payload: UnsafeRawBufferPointer, at: Timestamp) {
        while fed.count < session.log.count {
            let envelope = session.decodeEvent(session.log[fed.count])
            catalog.apply(envelope)
            fed.append(envelope)
        }
        var fresh = PolicyCatalog()
        for envelope in fed { fresh.apply(envelope) }

        let answer = Self.answer(catalog, verb, payload, at: at)
        let again = Self.answer(fresh, verb, payload, at: at)
        if again != answer { invariantBroken("asked twice, of two catalogs of the same events, \(verb) answered differently:\n\(answer)\n\(again)") }
        for envelope in fed { fresh.apply(envelope) }
        if fresh != catalog { invariantBroken("applying the stream again changed the catalog:\n\(fresh)\n\(catalog)") }

        switch answer {
        case .success(let bytes): Self.check(answer: bytes, verb: verb, at: at)
        case .failure(let error): Self.check(refusal: error, verb: verb)
        }
        if let other = PolicyCatalog.queryVerbs.first(where: { $0 != verb }), PolicyCatalog.queryVerbs.contains(verb) {
            Self.checkAgreement(answer, verb, Self.answer(catalog, other, payload, at: at), other)
        }
    }

    /// Text before the answer in the buffer: `answer` appends, and must leave it as it was.
    static let before: [UInt8] = Array("[answer]".utf8)

    /// The catalog's answer (its JSON alone) or its refusal.
    static func answer(_ catalog: PolicyCatalog, _ verb: String, _ payload: UnsafeRawBufferPointer, at: Timestamp) -> Result<[UInt8], QueryError> {
        var buffer = before
        do throws(QueryError) {
            try catalog.answer(verb: verb, payload: payload, at: at, into: &buffer)
        } catch {
            return .failure(error)
        }
        guard buffer.starts(with: before) else { invariantBroken("answering \(verb) changed the bytes already in the buffer: \(text(buffer))") }
        return .success(Array(buffer[before.count...]))
    }
}
