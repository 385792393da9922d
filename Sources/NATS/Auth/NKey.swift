import Crypto

/// The kind of entity an NKey identifies, encoded in the key's first base32 character.
public enum NKeyType: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A user (`U…`).
    case user
    /// An account (`A…`).
    case account
    /// An operator (`O…`).
    case `operator`
    /// A server (`N…`).
    case server
    /// A cluster (`C…`).
    case cluster

    /// The prefix byte of a public key of this type (its top five bits select the first character).
    public var prefixByte: UInt8 {
        switch self {
        case .user: 20 << 3
        case .account: 0
        case .operator: 14 << 3
        case .server: 13 << 3
        case .cluster: 2 << 3
        }
    }

    /// Looks up the type whose public-key prefix byte is `prefixByte`.
    ///
    /// - Parameter prefixByte: A decoded prefix byte.
    /// - Returns: The type, or `nil` for seeds, private keys, curve keys and unknown bytes.
    public init?(prefixByte: UInt8) {
        guard let type = Self.allCases.first(where: { $0.prefixByte == prefixByte }) else { return nil }
        self = type
    }

    /// The lower-case name, for example `user`.
    public var description: String {
        switch self {
        case .user: "user"
        case .account: "account"
        case .operator: "operator"
        case .server: "server"
        case .cluster: "cluster"
        }
    }
}

/// Checked NKey text encoding: `base32(payload | crc16_le(payload))`.
package enum NKeyEncoding {
    /// The prefix byte of a seed (`S…`).
    package static let seedPrefixByte: UInt8 = 18 << 3
    /// Characters in an encoded seed: 2 prefix bytes, 32 key bytes, 2 CRC bytes.
    package static let seedLength = 58
    /// Characters in an encoded public key: 1 prefix byte, 32 key bytes, 2 CRC bytes.
    package static let publicKeyLength = 56

    /// Appends the little-endian CRC-16 of `payload` and base32-encodes the result.
    package static func encode(_ payload: [UInt8]) -> String {
        let crc = CRC16.xmodem(payload)
        return Base32.encode(payload + [UInt8(truncatingIfNeeded: crc), UInt8(truncatingIfNeeded: crc >> 8)])
    }

    /// Base32-decodes `text`, verifies and strips its trailing little-endian CRC-16.
    ///
    /// - Throws: ``AuthError/Code/invalidBase32`` or ``AuthError/Code/invalidChecksum``.
    package static func decode(_ text: some StringProtocol) throws(AuthError) -> [UInt8] {
        var raw = try Base32.decode(text)
        guard raw.count >= 2 else {
            throw AuthError(code: .invalidChecksum, detail: "encoded key too short to hold a checksum")
        }
        let stored = UInt16(raw[raw.count - 2]) | UInt16(raw[raw.count - 1]) << 8
        raw.removeLast(2)
        guard CRC16.xmodem(raw) == stored else {
            wipe(&raw)
            throw AuthError(code: .invalidChecksum, detail: "checksum mismatch in encoded key")
        }
        return raw
    }

    /// Best-effort overwrite of secret bytes before release.
    package static func wipe(_ bytes: inout [UInt8]) {
        for index in bytes.indices { bytes[index] = 0 }
    }
}

/// A decoded public NKey: its type and raw 32-byte ed25519 public key.
public struct NKeyPublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The entity type from the prefix byte.
    public let type: NKeyType
    /// The raw ed25519 public key (32 bytes).
    public let rawKey: [UInt8]

    /// Decodes and validates a 56-character public NKey such as `UDE6…`.
    ///
    /// - Parameter encoded: The public key text.
    /// - Throws: ``AuthError`` with code `invalidPublicKey` (wrong length), `invalidBase32`,
    ///   `invalidChecksum` or `invalidPrefix` (not a user/account/operator/server/cluster key).
    public init(_ encoded: String) throws(AuthError) {
        guard encoded.utf8.count == NKeyEncoding.publicKeyLength else {
            throw AuthError(
                code: .invalidPublicKey,
                detail: "public key must be \(NKeyEncoding.publicKeyLength) characters, got \(encoded.utf8.count)"
            )
        }
        let payload = try NKeyEncoding.decode(encoded)
        guard let type = NKeyType(prefixByte: payload[0]) else {
            throw AuthError(code: .invalidPrefix, detail: "unsupported public key prefix byte \(payload[0])")
        }
        self.type = type
        self.rawKey = Array(payload.dropFirst())
    }

    /// Wraps an already-decoded key; `rawKey` should be 32 bytes.
    package init(type: NKeyType, rawKey: [UInt8]) {
        self.type = type
        self.rawKey = rawKey
    }

    /// The 56-character encoded form, `base32(prefix | key | crc16_le)`.
    public var encoded: String {
        NKeyEncoding.encode([self.type.prefixByte] + self.rawKey)
    }

    /// The encoded form.
    public var description: String { self.encoded }

    /// Checks an ed25519 signature made by the matching seed.
    ///
    /// - Parameters:
    ///   - signature: The 64-byte signature.
    ///   - data: The signed bytes.
    /// - Returns: `true` if the signature is valid; `false` otherwise, including for a malformed key.
    public func isValidSignature(_ signature: some Collection<UInt8>, for data: some Collection<UInt8>) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: self.rawKey) else { return false }
        return key.isValidSignature(Array(signature), for: Array(data))
    }
}

/// An ed25519 key pair decoded from an NKey seed (`SU…`, `SA…`, `SO…`, `SN…`, `SC…`).
///
/// The seed is never stored as text, printed or reflected: ``description``, `debugDescription` and
/// the custom mirror show only the type and the public key.
public struct NKeyPair: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The entity type encoded in the seed's second prefix character.
    public let type: NKeyType
    /// The 56-character public key, `base32(prefix | ed25519 pub | crc16_le)`.
    public let publicKey: String
    private let privateKey: Curve25519.Signing.PrivateKey

    /// Decodes a 58-character seed and derives its ed25519 key pair.
    ///
    /// The seed is `base32(b1 | b2 | 32-byte ed25519 seed | crc16_le)` with
    /// `b1 = (18 << 3) | (type >> 5)` and `b2 = (type & 31) << 3`. No whitespace is trimmed.
    ///
    /// - Parameter seed: The seed text.
    /// - Throws: ``AuthError`` with code `invalidSeed` (wrong length or unusable key), `invalidBase32`,
    ///   `invalidChecksum` or `invalidPrefix` (not a seed, or an unsupported key type).
    public init(seed: String) throws(AuthError) {
        guard seed.utf8.count == NKeyEncoding.seedLength else {
            throw AuthError(
                code: .invalidSeed,
                detail: "seed must be \(NKeyEncoding.seedLength) characters, got \(seed.utf8.count)"
            )
        }
        var payload = try NKeyEncoding.decode(seed)
        defer { NKeyEncoding.wipe(&payload) }
        let b1 = payload[0] & 0b1111_1000
        let typeByte = (payload[0] & 0b0000_0111) << 5 | (payload[1] & 0b1111_1000) >> 3
        guard b1 == NKeyEncoding.seedPrefixByte, payload[1] & 0b0000_0111 == 0 else {
            throw AuthError(code: .invalidPrefix, detail: "not an NKey seed (expected prefix 'S')")
        }
        guard let type = NKeyType(prefixByte: typeByte) else {
            throw AuthError(code: .invalidPrefix, detail: "unsupported seed key type byte \(typeByte)")
        }
        var keySeed = Array(payload[2...])
        defer { NKeyEncoding.wipe(&keySeed) }
        let privateKey: Curve25519.Signing.PrivateKey
        do {
            privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: keySeed)
        } catch {
            throw AuthError(code: .invalidSeed, detail: "seed bytes are not a usable ed25519 seed")
        }
        self.type = type
        self.privateKey = privateKey
        self.publicKey = NKeyEncoding.encode([type.prefixByte] + Array(privateKey.publicKey.rawRepresentation))
    }

    /// Signs `bytes` with ed25519.
    ///
    /// - Parameter bytes: The message to sign.
    /// - Returns: The 64-byte signature.
    /// - Throws: ``AuthError/Code/signingFailed`` if the crypto backend fails.
    public func sign(_ bytes: some Collection<UInt8>) throws(AuthError) -> [UInt8] {
        do {
            return Array(try self.privateKey.signature(for: Array(bytes)))
        } catch {
            throw AuthError(code: .signingFailed, detail: "ed25519 signing failed")
        }
    }

    /// Signs the server's `INFO` nonce for `CONNECT`'s `sig` field.
    ///
    /// The nonce's bytes are signed as received (it is not base64-decoded).
    ///
    /// - Parameter nonce: The `nonce` string from `INFO`.
    /// - Returns: The signature as base64url without padding (86 characters).
    /// - Throws: ``AuthError/Code/signingFailed`` if the crypto backend fails.
    public func signNonce(_ nonce: String) throws(AuthError) -> String {
        Base64URL.encode(try self.sign(nonce.utf8))
    }

    /// Whether `key` is a well-formed 56-character public NKey of a supported type with a valid CRC.
    ///
    /// - Parameter key: The candidate public key.
    /// - Returns: `true` if ``NKeyPublicKey/init(_:)`` would accept it.
    public static func isValidPublicKey(_ key: String) -> Bool {
        (try? NKeyPublicKey(key)) != nil
    }

    /// The decoded public key.
    public var decodedPublicKey: NKeyPublicKey {
        NKeyPublicKey(type: self.type, rawKey: Array(self.privateKey.publicKey.rawRepresentation))
    }

    /// `NKeyPair(<type>, publicKey: <key>, seed: <redacted>)`.
    public var description: String {
        "NKeyPair(\(self.type), publicKey: \(self.publicKey), seed: <redacted>)"
    }

    /// Same as ``description``.
    public var debugDescription: String { self.description }

    /// A mirror with only the type and public key, so `dump` cannot reach the private key.
    public var customMirror: Mirror {
        Mirror(self, children: ["type": self.type, "publicKey": self.publicKey], displayStyle: .struct)
    }
}
