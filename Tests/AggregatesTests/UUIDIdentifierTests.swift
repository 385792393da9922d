import Testing

@testable import Aggregates

/// Ids compare, order and hash by their 128 bits; these must agree with their text everywhere.
@Suite struct UUIDIdentifierTests {
    /// Random canonical UUID texts, upper- or lower-case, from a seeded generator.
    static func texts(count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        let hex = Array("0123456789abcdef")
        return (0..<count).map { _ in
            var text = ""
            for i in 0..<36 {
                if [8, 13, 18, 23].contains(i) {
                    text.append("-")
                } else {
                    // Few distinct digits, so that equal prefixes and equal ids occur often.
                    let digit = hex[Int(next() >> 60) % 4]
                    text.append(next() & 1 == 0 ? digit : Character(digit.uppercased()))
                }
            }
            return text
        }
    }

    @Test func bitsAreTheHexDigitsInOrder() throws {
        let id = try #require(PersonID(text: "0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B"))
        #expect(id.bits == UUIDBits(high: 0x0193_a1b2_c3d4_7e5f, low: 0x8a9b_0c1d_2e3f_4a5b))
    }

    @Test func equalityHashingAndOrderAgreeWithTheText() throws {
        let ids = try Self.texts(count: 400, seed: 7).map { try #require(PersonID(text: $0)) }
        for a in ids.prefix(60) {
            for b in ids {
                #expect((a == b) == (a.text == b.text))
                #expect((a < b) == (a.text < b.text))
                if a == b { #expect(a.hashValue == b.hashValue) }
            }
        }
        #expect(Set(ids).count == Set(ids.map(\.text)).count)
        #expect(ids.sorted().map(\.text) == ids.map(\.text).sorted())
    }

    @Test func upperAndLowerCaseSpellingsAreOneId() throws {
        let upper = try #require(AgentID(text: "ABCDEF01-2345-6789-ABCD-EF0123456789"))
        let lower = try #require(AgentID(text: "abcdef01-2345-6789-abcd-ef0123456789"))
        #expect(upper == lower)
        #expect(Set([upper, lower]).count == 1)
        #expect(upper.text == lower.text)
    }
}
