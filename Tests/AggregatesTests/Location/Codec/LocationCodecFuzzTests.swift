import Aggregates
import Testing

/// Seeded random bytes and mutations of valid payloads on every subject: the decoders always
/// return or throw a typed error, and what they accept re-encodes to something they accept again.
@Suite struct LocationCodecFuzzTests {
    typealias C = LocationCodecFixture

    static let commands: [(String, String)] = [
        ("define", C.seedExample),
        ("define", C.payload(#""name":"Zoom","location_type":"Hybrid","coordinates":{"latitude":1,"longitude":2,"altitude":-3.5e2},"virtual_location":\#(C.richVirtualJSON),"parent_id":"\#(C.campus)""#)),
        ("update", C.payload(#""name":"HQ","address":{"street1":"1 A St","street2":"x","locality":"l","region":"r","country":"c","postal_code":"p"},"reason":"moved""#)),
        ("set_parent", C.payload(#""parent_id":"\#(C.campus)","reason":"joined""#)),
        ("remove_parent", C.payload(#""reason":"independent""#)),
        ("add_metadata", C.payload(#""metadata":{"wifi":"yes","\u00e9":"\n"},"reason":"facilities""#)),
        ("archive", C.payload(#""reason":"closed""#)),
    ]

    @Test func mutatedAndRandomCommandsNeverCrashTheDecoder() {
        var rng = SplitMix64(state: 21)
        var codes: [String: Int] = [:]
        for round in 0..<6000 {
            let (verb, json) = Self.commands[round % Self.commands.count]
            let bytes = round % 5 == 0 ? JSONFuzzTests.randomBytes(using: &rng) : JSONFuzzTests.mutate(Array(json.utf8), using: &rng)
            // Now and then the subject is mangled too.
            let subject = round % 11 == 0 ? "location.commands.\(verb)x" : "location.commands.\(verb)"
            let result = bytes.withUnsafeBytes { raw in
                Result { () throws(CommandDecodingError) in try C.codec.decodeCommand(subject: subject, payload: raw, metadata: C.metadata) }
            }
            switch result {
            case .success(let request):
                codes["ok", default: 0] += 1
                #expect(request.body.verb == verb)
                #expect(request.ancestry == .notRead)
            case .failure(let error):
                codes[error.code.description, default: 0] += 1
                if error.code == .missingField || error.code == .invalidField { #expect(error.field != nil) }
            }
        }
        #expect(codes.count == 5, "\(codes)")
    }

    @Test func decidedCommandsRoundTripThroughTheirEvents() throws {
        // Whatever decodes and is accepted produces events that read back equal.
        var rng = SplitMix64(state: 22)
        var accepted = 0
        let parent = Location.replay([LocationFixture.defined(LocationFixture.campus)])
        for round in 0..<3000 {
            let (verb, json) = Self.commands[round % Self.commands.count]
            let bytes = round % 3 == 0 ? Array(json.utf8) : JSONFuzzTests.mutate(Array(json.utf8), using: &rng)
            guard let request = try? bytes.withUnsafeBytes({ raw throws(CommandDecodingError) in
                try C.codec.decodeCommand(subject: "location.commands.\(verb)", payload: raw, metadata: C.metadata)
            }) else { continue }
            let resolved = Location.resolvingAncestry(of: request, in: [LocationFixture.campus: parent])
            let target = Location.target(of: resolved)
            let state = verb == "define" ? Location() : Location.replay([LocationFixture.defined(target)])
            guard let events = try? state.decide(resolved) else { continue }
            for (index, event) in events.enumerated() {
                accepted += 1
                let envelope = C.envelope(event, sequence: state.version + index + 1)
                #expect(C.decodeEvent(C.encoded(envelope)).map { $0 == envelope } == .success(true))
            }
        }
        #expect(accepted > 100)
    }

    @Test func mutatedEventsAndStatesNeverCrashTheDecoders() {
        var rng = SplitMix64(state: 23)
        let events = C.everyEvent.map { Array(C.encoded(C.envelope($0)).utf8) }
        let hybrid = LocationFixture.definition(LocationFixture.hq, type: .hybrid, coordinates: LocationFixture.summit, virtual: C.richVirtual)
        let state = Array(C.encodedState(Location.replay([.locationDefined(hybrid)] + C.everyEvent.dropFirst())).utf8)
        var decoded = 0
        for round in 0..<3000 {
            let base = round % 4 == 0 ? state : events[round % events.count]
            let bytes = JSONFuzzTests.mutate(base, using: &rng)
            let event = bytes.withUnsafeBytes { raw in Result { () throws(CommandDecodingError) in try C.codec.decodeEvent(raw) } }
            if case .success(let envelope) = event {
                decoded += 1
                #expect(C.decodeEvent(C.encoded(envelope)).map { $0 == envelope } == .success(true))
            }
            let location = bytes.withUnsafeBytes { raw in Result { () throws(CommandDecodingError) in try C.codec.decodeState(raw) } }
            if case .success(let location) = location {
                decoded += 1
                #expect(C.decodeState(C.encodedState(location)).map { $0 == location } == .success(true))
            }
        }
        #expect(decoded > 0)
    }
}
