import Crypto
import Testing

import NATS

@Suite struct NKeyTests {
    @Test func vectorSeedDerivesPublicKey() throws {
        let pair = try NKeyPair(seed: AuthVector.seed)
        #expect(pair.type == .user)
        #expect(pair.publicKey == AuthVector.publicKey)
        #expect(pair.publicKey.utf8.count == 56)
        #expect(pair.decodedPublicKey.encoded == AuthVector.publicKey)
    }

    @Test func decodedSeedStartsWithSeedAndUserPrefix() throws {
        let raw = try Base32.decode(AuthVector.seed)
        #expect(Array(raw.prefix(2)) == [0x95, 0x00])
        #expect(CRC16.xmodem(raw.prefix(34)) == 0x5AFD)
    }

    /// Seeds and public keys of other types over the same 32 key bytes (re-derived independently).
    @Test(arguments: [
        (NKeyType.account, "SAAOTBNEUHZDFJT3EUMELT7MQTP24JF3XVCXQNDSCU74G5IU6VAJBKAOSY",
         "ADE6WTGLTTPCRJRJCKBJRGVNZTLIVR7LEEELR4CYWWWBKJS7XYIKWHHL"),
        (NKeyType.operator, "SOAOTBNEUHZDFJT3EUMELT7MQTP24JF3XVCXQNDSCU74G5IU6VAJBKCC4Q",
         "ODE6WTGLTTPCRJRJCKBJRGVNZTLIVR7LEEELR4CYWWWBKJS7XYIKWRLN"),
        (NKeyType.server, "SNAOTBNEUHZDFJT3EUMELT7MQTP24JF3XVCXQNDSCU74G5IU6VAJBKCBIE",
         "NDE6WTGLTTPCRJRJCKBJRGVNZTLIVR7LEEELR4CYWWWBKJS7XYIKX2I7"),
        (NKeyType.cluster, "SCAOTBNEUHZDFJT3EUMELT7MQTP24JF3XVCXQNDSCU74G5IU6VAJBKAMKA",
         "CDE6WTGLTTPCRJRJCKBJRGVNZTLIVR7LEEELR4CYWWWBKJS7XYIKXVFX"),
    ])
    func otherKeyTypes(type: NKeyType, seed: String, publicKey: String) throws {
        let pair = try NKeyPair(seed: seed)
        #expect(pair.type == type)
        #expect(pair.publicKey == publicKey)
        #expect(try NKeyPublicKey(publicKey).type == type)
    }

    @Test func nonceSignatureVerifiesWithCryptoPublicKey() throws {
        let pair = try NKeyPair(seed: AuthVector.seed)
        let nonce = "PXoWU7zWAMt75FY"
        let encoded = try pair.signNonce(nonce)
        #expect(encoded.utf8.count == 86)
        #expect(!encoded.contains("=") && !encoded.contains("+") && !encoded.contains("/"))
        let signature = try #require(Base64URL.decode(encoded))
        #expect(signature.count == 64)

        let decoded = try NKeyPublicKey(AuthVector.publicKey)
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: decoded.rawKey)
        #expect(key.isValidSignature(signature, for: Array(nonce.utf8)))
        #expect(!key.isValidSignature(signature, for: Array("PXoWU7zWAMt75FZ".utf8)))
        #expect(decoded.isValidSignature(signature, for: nonce.utf8))
    }

    /// ed25519 is deterministic; expected values were computed with an independent implementation.
    @Test(arguments: [
        ("PXoWU7zWAMt75FY", "KMzrJDWEa0I8prIe0xjEeMTO7ZEEp49x6J5JzGZ-lgNaPceflVtKn2AtkzJrwax1HGh6UVxoYKNILLua1RQQBQ"),
        ("iCvvO5zjjWMYqDs=", "7dqvxyqEFqMTk9-H8GlrR9MpjM_Fsr87S-M8AmB5A00TtJ1vuEZQaUqMmhCa5yvZ8NiZXSbtIfQwrqvdyfhoDg"),
    ])
    func nonceIsSignedAsReceived(nonce: String, expected: String) throws {
        let pair = try NKeyPair(seed: AuthVector.seed)
        #expect(try pair.signNonce(nonce) == expected)
    }

    @Test func everySingleCharacterCorruptionFailsTheChecksum() {
        let original = Array(AuthVector.seed.utf8)
        // The last character also carries unused trailing bits; every earlier one is pure payload or CRC.
        for position in 0..<(original.count - 1) {
            var corrupted = original
            corrupted[position] = original[position] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let seed = String(decoding: corrupted, as: UTF8.self)
            let error = expectAuthError(.invalidChecksum) { _ = try NKeyPair(seed: seed) }
            #expect(error.map { !$0.description.contains(seed) } ?? true)
        }
    }

    @Test func malformedSeedsFailWithSpecificCodes() {
        expectAuthError(.invalidSeed) { _ = try NKeyPair(seed: "") }
        expectAuthError(.invalidSeed) { _ = try NKeyPair(seed: AuthVector.publicKey) }
        expectAuthError(.invalidSeed) { _ = try NKeyPair(seed: " " + AuthVector.seed) }
        expectAuthError(.invalidBase32) { _ = try NKeyPair(seed: "su" + AuthVector.seed.dropFirst(2)) }
        expectAuthError(.invalidBase32) { _ = try NKeyPair(seed: AuthVector.seed.dropLast() + "J") }
    }

    @Test func checksummedButWrongPrefixesAreRejected() throws {
        let keyBytes = Array(try Base32.decode(AuthVector.seed)[2..<34])
        // A private key ('P'), not a seed.
        let privateKey = NKeyEncoding.encode([15 << 3, 0] + keyBytes)
        expectAuthError(.invalidPrefix) { _ = try NKeyPair(seed: privateKey) }
        // A curve ('X') seed: not an ed25519 signing key.
        let curve: UInt8 = 23 << 3
        let curveSeed = NKeyEncoding.encode([(18 << 3) | (curve >> 5), (curve & 31) << 3] + keyBytes)
        #expect(curveSeed.hasPrefix("SX"))
        expectAuthError(.invalidPrefix) { _ = try NKeyPair(seed: curveSeed) }
        // Non-zero low bits in the second prefix byte.
        let sloppy = NKeyEncoding.encode([0x95, 0x01] + keyBytes)
        expectAuthError(.invalidPrefix) { _ = try NKeyPair(seed: sloppy) }
    }

    @Test func publicKeyValidation() throws {
        #expect(NKeyPair.isValidPublicKey(AuthVector.publicKey))
        #expect(!NKeyPair.isValidPublicKey(AuthVector.seed))
        #expect(!NKeyPair.isValidPublicKey(""))
        #expect(!NKeyPair.isValidPublicKey("A" + AuthVector.publicKey.dropFirst()))
        #expect(!NKeyPair.isValidPublicKey(AuthVector.publicKey.lowercased()))

        let decoded = try NKeyPublicKey(AuthVector.publicKey)
        #expect(decoded.type == .user)
        #expect(decoded.rawKey.count == 32)
        #expect(decoded.encoded == AuthVector.publicKey)
        expectAuthError(.invalidPublicKey) { _ = try NKeyPublicKey(AuthVector.seed) }
        expectAuthError(.invalidChecksum) { _ = try NKeyPublicKey("UDE6WTGLTTPCRJRJCKBJRGVNZTLIVR7LEEELR4CYWWWBKJS7XYIKXDUA") }
        // A private key ('P') with a valid checksum is not a public key.
        let privateKey = NKeyEncoding.encode([15 << 3] + decoded.rawKey)
        expectAuthError(.invalidPrefix) { _ = try NKeyPublicKey(privateKey) }
    }

    @Test func descriptionsNeverContainTheSeed() throws {
        let pair = try NKeyPair(seed: AuthVector.seed)
        var dumped = ""
        dump(pair, to: &dumped)
        for text in [pair.description, String(reflecting: pair), "\(pair)", dumped] {
            #expect(!text.contains(AuthVector.seed))
            #expect(!text.contains("OTBNEUHZDFJT3"))
            #expect(text.contains(AuthVector.publicKey))
        }
        #expect(pair.description.contains("redacted"))
    }

    @Test func keyTypePrefixBytes() {
        #expect(NKeyType(prefixByte: 20 << 3) == .user)
        #expect(NKeyType(prefixByte: 0) == .account)
        #expect(NKeyType(prefixByte: 14 << 3) == .operator)
        #expect(NKeyType(prefixByte: 13 << 3) == .server)
        #expect(NKeyType(prefixByte: 2 << 3) == .cluster)
        #expect(NKeyType(prefixByte: 18 << 3) == nil)
        #expect(NKeyType(prefixByte: 23 << 3) == nil)
    }
}
