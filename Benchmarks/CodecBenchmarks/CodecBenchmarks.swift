import Aggregates
import Benchmark

/// Micro benchmarks of the Person service's hot path in the pure domain, gated on allocation counts:
/// decoding a command, deciding it and applying its event, encoding the event envelope and the
/// success reply, and all of that together, which is what a shard does per accepted command.
///
/// Each measurement runs 1000 commands, so a count or a time divided by 1000 is per command.
/// Output buffers are reused (emptied, capacity kept) as a shard reuses its encoding buffer, so the
/// counts are the domain's own allocations. Names carry no spaces or slashes (see WireBenchmarks).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.mallocCountTotal, .throughput, .wallClock],
        scalingFactor: .one,
        // The counts are deterministic: any allocation more or less is a change to look at.
        thresholds: [.mallocCountTotal: .init(absolute: [.p90: 0])]
    )

    for scenario in [Scenario.createPerson, Scenario.updateName, Scenario.recordAttribute] {
        Benchmark("decode-1000-\(scenario.command)") { benchmark in
            let payload = scenario.payload
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                for _ in 0..<1000 {
                    blackHole(try scenario.decode(payload))
                }
            }
        }

        Benchmark("decide-apply-1000-\(scenario.command)") { benchmark in
            let command = try scenario.decode(scenario.payload)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                for _ in 0..<1000 {
                    blackHole(try scenario.decideAndApply(command))
                }
            }
        }

        Benchmark("encode-event-1000-\(scenario.event)") { benchmark in
            let command = try scenario.decode(scenario.payload)
            let (_, envelopes) = try scenario.decideAndApply(command)
            var buffer = Scenario.outputBuffer()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                for _ in 0..<1000 {
                    buffer.removeAll(keepingCapacity: true)
                    for envelope in envelopes { Scenario.codec.encodeEvent(envelope, into: &buffer) }
                    blackHole(buffer.count)
                }
            }
        }

        Benchmark("full-command-1000-\(scenario.command)") { benchmark in
            let payload = scenario.payload
            var eventBuffer = Scenario.outputBuffer()
            var replyBuffer = Scenario.outputBuffer()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                for _ in 0..<1000 {
                    blackHole(try scenario.run(payload, eventBuffer: &eventBuffer, replyBuffer: &replyBuffer))
                }
            }
        }
    }

    Benchmark("encode-reply-1000") { benchmark in
        let id = Scenario.personID
        var buffer = Scenario.outputBuffer()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for version in 1...1000 {
                buffer.removeAll(keepingCapacity: true)
                Scenario.codec.encodeSuccessReply(aggregateID: id, version: version, eventsGenerated: 1, into: &buffer)
                blackHole(buffer.count)
            }
        }
    }
}

/// One command as a client sends it (the README's shapes), and the state a shard decides it against.
private struct Scenario: Sendable {
    static let codec = PersonCodec()
    static let personID = PersonID(text: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")!
    static let subject = "person.commands.create"
    /// As the intake makes it: ids from `Nats-Msg-Id` (or made up) and the receive time.
    static let metadata = CommandMetadata(
        commandID: "0193a1b2-0000-7000-8000-000000000002", correlationID: "0193a1b2-0000-7000-8000-000000000001",
        issuedAt: Timestamp(secondsSinceEpoch: 1_762_801_200, nanoseconds: 123_456_000))

    static let lovelace = #"{"components":{"given_names":["Ada"],"family_names":["Lovelace"],"patronymic":null,"#
        + #""matronymic":null,"prefixes":[],"suffixes":[]},"preferred_form":null,"naming_convention":"Western"}"#
    static let king = #"{"components":{"given_names":["Ada"],"family_names":["King"],"patronymic":null,"#
        + #""matronymic":null,"prefixes":[],"suffixes":[]},"preferred_form":null,"naming_convention":"Western"}"#

    /// A new person: decided against an empty state.
    static let createPerson = Scenario(
        command: "CreatePerson", event: "PersonCreated",
        json: #"{"CreatePerson":{"person_id":{"id":"\#(personID.text)"},"name":\#(lovelace),"source":"cli"}}"#,
        state: Person())

    /// The person that CreatePerson makes.
    static let created: Person = {
        var person = Person()
        person.apply(
            .personCreated(
                personID: personID, name: PersonName(components: NameComponents(givenNames: ["Ada"], familyNames: ["Lovelace"])),
                source: "cli", createdAt: Timestamp(secondsSinceEpoch: 1_762_714_800)))
        return person
    }()

    /// A name change.
    static let updateName = Scenario(
        command: "UpdateName", event: "NameUpdated",
        json: #"{"UpdateName":{"person_id":{"id":"\#(personID.text)"},"name":\#(king),"reason":"married"}}"#,
        state: created)

    /// A measured height: the deepest command (attribute type, value, temporal, provenance).
    static let recordAttribute = Scenario(
        command: "RecordAttribute", event: "AttributeRecorded",
        json: #"{"RecordAttribute":{"person_id":{"id":"\#(personID.text)"},"attribute":{"attribute_type":{"Physical":"Height"},"#
            + #""value":{"Length":1.65},"temporal":{"recorded_at":"2025-11-09T19:00:00Z","valid_from":"2020-01-01","valid_until":null},"#
            + #""provenance":{"source":"Measured","confidence":"Certain","recorded_by":null,"trace":[]}}}}"#,
        state: created)

    let command: String
    let event: String
    let payload: [UInt8]
    let state: Person

    init(command: String, event: String, json: String, state: Person) {
        self.command = command
        self.event = event
        self.payload = Array(json.utf8)
        self.state = state
    }

    /// Room for the largest output, so the buffer never grows while measuring.
    static func outputBuffer() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        return buffer
    }

    func decode(_ payload: [UInt8]) throws -> Issued<PersonCommand> {
        try payload.withUnsafeBytes { bytes in
            try Self.codec.decodeCommand(subject: Self.subject, payload: bytes, metadata: Self.metadata)
        }
    }

    /// Decides `command`, wraps its events as the shard stores them, and applies them.
    func decideAndApply(_ command: Issued<PersonCommand>) throws -> (Person, [EventEnvelope<PersonID, PersonEvent>]) {
        let events = try state.decide(command)
        let envelopes = EventEnvelope.wrap(events, aggregateID: Person.target(of: command), after: state.version, metadata: command.metadata)
        var next = state
        for event in events { next.apply(event) }
        return (next, envelopes)
    }

    /// What a shard does per command: decode, decide, encode each event, apply, encode the reply.
    /// - Returns: the bytes written, so nothing is optimized away.
    func run(_ payload: [UInt8], eventBuffer: inout [UInt8], replyBuffer: inout [UInt8]) throws -> Int {
        let command = try decode(payload)
        let (next, envelopes) = try decideAndApply(command)
        var written = 0
        for envelope in envelopes {
            eventBuffer.removeAll(keepingCapacity: true)
            Self.codec.encodeEvent(envelope, into: &eventBuffer)
            written += eventBuffer.count
        }
        replyBuffer.removeAll(keepingCapacity: true)
        let id = next.id ?? Person.target(of: command)
        Self.codec.encodeSuccessReply(aggregateID: id, version: next.version, eventsGenerated: envelopes.count, into: &replyBuffer)
        return written + replyBuffer.count
    }
}
