import Aggregates
import Testing

/// Seeded random bytes and mutations of valid payloads: the codec's decoders always return or
/// throw, and what they accept re-encodes to something they accept again.
@Suite struct PersonCodecFuzzTests {
    typealias C = CodecFixture

    static let commands = [
        C.createPersonExample, C.recordAttribute(),
        C.recordAttribute(value: #"{"Json":{"a":[1,{"b":"\u00e9"}]}}"#, provenance: #"{"source":{"Imported":{"system":"hr"}},"confidence":"Likely","recorded_by":"x","trace":[{"transformation":"t","applied_at":"2025-11-09T19:00:00Z","applied_by":"y"}]}"#),
        #"{"MergePersons":{"source_person_id":"\#(C.ada)","target_person_id":{"id":"\#(C.bob)"},"merge_reason":"UserRequested"}}"#,
        C.command("UpdateAttribute", #""attribute_type":{"Custom":{"organization":"o","attribute_name":"n","category":"c"}},"new_attribute":\#(C.heightJSON)"#),
    ]

    @Test func mutatedAndRandomCommandsNeverCrashTheDecoder() {
        var rng = SplitMix64(state: 11)
        var codes: [String: Int] = [:]
        for round in 0..<5000 {
            let bytes = round % 5 == 0
                ? JSONFuzzTests.randomBytes(using: &rng)
                : JSONFuzzTests.mutate(Array(Self.commands[round % Self.commands.count].utf8), using: &rng)
            let result = bytes.withUnsafeBytes { raw in
                Result { () throws(CommandDecodingError) in try C.codec.decodeCommand(subject: "s", payload: raw, metadata: C.metadata) }
            }
            switch result {
            case .success: codes["ok", default: 0] += 1
            case .failure(let error): codes[error.code.description, default: 0] += 1
            }
        }
        #expect(codes.count == 5, "\(codes)")
    }

    @Test func mutatedEventsAndStatesNeverCrashTheDecoders() throws {
        var rng = SplitMix64(state: 12)
        let events = PersonCodecEventTests.everyEvent.map { Array(C.encoded(C.envelope($0)).utf8) }
        let state = Array(C.encodedState(Person.replay(PersonCodecEventTests.everyEvent.prefix(2) + PersonCodecEventTests.everyEvent.suffix(12))).utf8)
        var decoded = 0
        for round in 0..<3000 {
            let base = round % 4 == 0 ? state : events[round % events.count]
            let bytes = JSONFuzzTests.mutate(base, using: &rng)
            let event = bytes.withUnsafeBytes { raw in Result { () throws(CommandDecodingError) in try C.codec.decodeEvent(raw) } }
            if case .success(let envelope) = event {
                decoded += 1
                #expect(C.decodeEvent(C.encoded(envelope)).map { $0 == envelope } == .success(true))
            }
            let person = bytes.withUnsafeBytes { raw in Result { () throws(CommandDecodingError) in try C.codec.decodeState(raw) } }
            if case .success(let person) = person {
                decoded += 1
                #expect(C.decodeState(C.encodedState(person)).map { $0 == person } == .success(true))
            }
        }
        #expect(decoded > 0)
    }
}
