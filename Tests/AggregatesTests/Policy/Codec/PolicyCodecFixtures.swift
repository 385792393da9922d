import Aggregates
import Testing

/// The codec, fixed metadata, the seed's example, and helpers that go through bytes like the runtime.
enum PolicyCodecFixture {
    static let codec = PolicyCodec()
    static let p = PolicyFixture.retention.text
    static let q = PolicyFixture.privacy.text
    static let s = PolicyFixture.baseline.text
    static let x = PolicyFixture.waiver.text
    static let acme = PolicyFixture.acme.text

    /// The payload of the seed's `nats req policy.commands.create '{…}'`, byte for byte.
    static let seedExample = """
        {
          "policy_id": "550e8400-e29b-41d4-a716-446655440000",
          "name": "Data Retention Policy",
          "description": "All customer data must be retained for 7 years",
          "policy_type": "Retention",
          "enforcement": "Mandatory",
          "scope": "Organization"
        }
        """

    static func decode(_ verb: String, _ json: String) -> Result<PolicyRequest, CommandDecodingError> {
        Array(json.utf8).withUnsafeBytes { bytes in
            Result { () throws(CommandDecodingError) in
                try codec.decodeCommand(subject: "policy.commands.\(verb)", payload: bytes, metadata: PolicyFixture.metadata)
            }
        }
    }

    /// The body of the decoded command, or `nil`.
    static func command(_ verb: String, _ json: String) -> PolicyCommand? {
        try? decode(verb, json).get().body
    }

    /// The decoding error, or `nil` when it decoded.
    static func failure(_ verb: String, _ json: String) -> CommandDecodingError? {
        if case .failure(let error) = decode(verb, json) { return error }
        return nil
    }

    static func envelope(_ event: PolicyEvent, sequence: Int = 1) -> EventEnvelope<PolicyAggregateID, PolicyEvent> {
        EventEnvelope(aggregateID: event.aggregateID, sequence: sequence, event: event, timestamp: PolicyFixture.t0, correlationID: "conv-1", causationID: "cmd-1")
    }

    static func encoded(_ envelope: EventEnvelope<PolicyAggregateID, PolicyEvent>) -> String {
        var buffer: [UInt8] = []
        codec.encodeEvent(envelope, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The `event` member of the stored envelope.
    static func eventJSON(_ event: PolicyEvent) -> String {
        let text = encoded(envelope(event))
        let start = text.firstRange(of: #","event":"#)!.upperBound
        let end = text.firstRange(of: #","timestamp":"#)!.lowerBound
        return String(text[start..<end])
    }

    static func decodeEvent(_ json: String) -> Result<EventEnvelope<PolicyAggregateID, PolicyEvent>, CommandDecodingError> {
        Array(json.utf8).withUnsafeBytes { bytes in Result { () throws(CommandDecodingError) in try codec.decodeEvent(bytes) } }
    }

    static func encodedState(_ state: PolicyAggregate) -> String {
        var buffer: [UInt8] = []
        codec.encodeState(state, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    static func decodeState(_ json: String) -> Result<PolicyAggregate, CommandDecodingError> {
        Array(json.utf8).withUnsafeBytes { bytes in Result { () throws(CommandDecodingError) in try codec.decodeState(bytes) } }
    }

    /// The catalog's answer to `verb` with `json` at `at`, or its error.
    static func answer(_ catalog: PolicyCatalog, _ verb: String, _ json: String, at: Timestamp = PolicyFixture.t1) -> Result<String, QueryError> {
        Array(json.utf8).withUnsafeBytes { bytes in
            Result { () throws(QueryError) in
                var buffer: [UInt8] = []
                try catalog.answer(verb: verb, payload: bytes, at: at, into: &buffer)
                return String(decoding: buffer, as: UTF8.self)
            }
        }
    }

    /// A rule using every part of the value objects.
    static let richRule = PolicyRule(
        ruleID: PolicyFixture.acme, name: "all-in-one",
        expression: .and([
            .comparison(.notEqual, field: "a", value: .null), .membership(.notIn, field: "b", values: [.string("x"), .number(JSONNumber(1)), .bool(false)]),
            .or([.existence(.notExists, field: "c.d"), .not(.contains(field: "e", value: try! JSONValue(parsing: #"{"k":[1.50,"v"]}"#)))]),
        ]),
        message: "say \"why\"")

    /// One of each event, with every optional part present somewhere.
    static let everyEvent: [PolicyEvent] = {
        let P = PolicyFixture.self
        let rich = PolicyDefinition(
            policyID: P.retention, name: "Data Retention Policy", description: "All customer data must be retained for 7 years", policyType: "Retention",
            enforcement: .mandatory, scope: "Organization", rules: [richRule, P.sevenYears],
            target: .composite([.global, .organization(P.acme), .composite([.organization(P.globex)])]))
        let update = PolicyUpdate(
            policyID: P.retention,
            changes: [
                .name(old: "A", new: "B"), .description(old: "", new: "D"), .rules(old: [], new: [P.encrypted]), .target(old: .global, new: .organization(P.acme)),
                .enforcement(old: .mandatory, new: .advisory), .scope(old: "Organization", new: "Team"),
            ],
            updatedBy: "alice", updatedAt: P.t1)
        return [
            .policyCreated(rich, createdBy: "alice", at: P.t0),
            .policyUpdated(update),
            P.changed(.submit, actor: "alice"),
            P.changed(.reject, actor: "bob", reason: "vague"),
            P.changed(.approve, actor: "bob", notes: "fine"),
            P.changed(.activate),
            P.changed(.suspend, actor: "ops", reason: "audit"),
            P.changed(.revoke, reason: "superseded"),
            P.changed(.archive, actor: "ops"),
            .policySetCreated(PolicySetDefinition(policySetID: P.baseline, name: "Baseline", description: "core", composition: .atLeast(2), policyIDs: [P.retention, P.privacy]), createdBy: nil, at: P.t0),
            .policyAddedToSet(policySetID: P.baseline, policyID: P.security, addedBy: "alice", at: P.t0),
            .policyRemovedFromSet(policySetID: P.baseline, policyID: P.privacy, removedBy: nil, reason: "obsolete", at: P.t0),
            P.granted(target: .organization(P.acme)),
            .exemptionRevoked(exemptionID: P.waiver, policyID: P.retention, revokedBy: "dave", reason: "done", at: P.t1),
        ]
    }()
}
