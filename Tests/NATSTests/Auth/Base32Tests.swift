import Testing

@testable import NATS

@Suite struct Base32Tests {
    @Test func rfc4648VectorsWithoutPadding() throws {
        let vectors: [(String, String)] = [
            ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(try Base32.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func randomBytesRoundTrip() throws {
        var rng = SplitMix64(seed: 0x5EED)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
            let encoded = Base32.encode(bytes)
            #expect(encoded.utf8.count == (length * 8 + 4) / 5)
            #expect(try Base32.decode(encoded) == bytes)
        }
    }

    @Test(arguments: ["MY=", "my", "M Y", "M1", "MZXW6!", "É"])
    func rejectsInvalidCharacters(_ text: String) {
        expectAuthError(.invalidBase32) { _ = try Base32.decode(text) }
    }

    @Test(arguments: ["M", "MZX", "MZXW6Y", "MZXW6YTBM"])
    func rejectsImpossibleLengths(_ text: String) {
        expectAuthError(.invalidBase32) { _ = try Base32.decode(text) }
    }

    @Test(arguments: ["MZ", "MZXR", "MZXW7", "MZXW6YR", "MZXW6YTBOJ"])
    func rejectsNonZeroTrailingBits(_ text: String) {
        expectAuthError(.invalidBase32) { _ = try Base32.decode(text) }
    }

    @Test func neverCrashesOnArbitraryText() {
        var rng = SplitMix64(seed: 42)
        let pool = Array("ABCXYZ234567abc=01 \r\n-é".unicodeScalars)
        for _ in 0..<2_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...20, using: &rng) {
                text.append(pool[Int.random(in: 0..<pool.count, using: &rng)])
            }
            let string = String(text)
            if let bytes = try? Base32.decode(string) {
                #expect(Base32.encode(bytes) == string)
            }
        }
    }
}
