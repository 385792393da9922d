/// An error raised while decoding NKeys, parsing credentials or signing a server nonce.
///
/// The ``detail`` text is written for operators: it names what was wrong (a length, an offset, a
/// file path) but never carries seed characters, private key bytes or JWT contents.
public struct AuthError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of authentication failure happened; compare against the static members.
    ///
    /// New codes may be added in later versions, so switch over them with a `default` case.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Base: Sendable, Hashable {
            case invalidBase32
            case invalidChecksum
            case invalidPrefix
            case invalidSeed
            case invalidPublicKey
            case invalidCredentials
            case unreadableFile
            case signingFailed
        }

        fileprivate let base: Base

        fileprivate init(_ base: Base) {
            self.base = base
        }

        /// The text is not unpadded RFC 4648 base32 (bad character, length or trailing bits).
        public static let invalidBase32 = Code(.invalidBase32)
        /// The CRC-16 at the end of an encoded key does not match its contents.
        public static let invalidChecksum = Code(.invalidChecksum)
        /// The prefix bytes do not describe a supported key kind.
        public static let invalidPrefix = Code(.invalidPrefix)
        /// The text is not a well-formed seed (wrong length or unusable key material).
        public static let invalidSeed = Code(.invalidSeed)
        /// The text is not a well-formed public NKey.
        public static let invalidPublicKey = Code(.invalidPublicKey)
        /// A `.creds` document lacks a JWT or seed block.
        public static let invalidCredentials = Code(.invalidCredentials)
        /// A credentials file could not be opened or read.
        public static let unreadableFile = Code(.unreadableFile)
        /// The ed25519 signing operation failed.
        public static let signingFailed = Code(.signingFailed)

        /// The code's name, for example `invalidChecksum`.
        public var description: String {
            switch self.base {
            case .invalidBase32: "invalidBase32"
            case .invalidChecksum: "invalidChecksum"
            case .invalidPrefix: "invalidPrefix"
            case .invalidSeed: "invalidSeed"
            case .invalidPublicKey: "invalidPublicKey"
            case .invalidCredentials: "invalidCredentials"
            case .unreadableFile: "unreadableFile"
            case .signingFailed: "signingFailed"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// A human-readable explanation that never contains secret material.
    public let detail: String

    /// Creates an error; callers must keep secrets out of `detail`.
    package init(code: Code, detail: String) {
        self.code = code
        self.detail = detail
    }

    /// `AuthError(<code>): <detail>`.
    public var description: String {
        "AuthError(\(self.code)): \(self.detail)"
    }
}
