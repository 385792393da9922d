#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The contents of a NATS `.creds` file: a user JWT and the user's NKey seed.
///
/// Neither the JWT nor the seed appears in ``description``, `debugDescription` or the mirror.
public struct NATSCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The user JWT, sent as `CONNECT`'s `jwt` field.
    public let jwt: String
    /// The key pair decoded from the seed block; signs the server nonce.
    public let keyPair: NKeyPair

    /// Largest credentials file accepted by ``init(contentsOfFile:)``.
    public static let maximumFileSize = 64 * 1024

    /// Parses a `.creds` document.
    ///
    /// A block is a line of dashes (at least three at each end, any words between, such as
    /// `-----BEGIN NATS USER JWT-----`), one line of `[A-Za-z0-9_.=-]`, and another dash line. The first
    /// block is the JWT and the second the seed; without a second block, the first line starting with
    /// `SO`, `SA` or `SU` is taken as the seed. Free text around blocks is ignored; LF and CRLF both work.
    ///
    /// - Parameter contents: The document text.
    /// - Throws: ``AuthError/Code/invalidCredentials`` when the JWT or seed is missing, or the
    ///   ``NKeyPair/init(seed:)`` errors for a malformed seed.
    public init(contents: String) throws(AuthError) {
        let lines = Array(contents.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map(Self.trimmed)
        var blocks: [ArraySlice<UInt8>] = []
        var index = 0
        while index + 2 < lines.count, blocks.count < 2 {
            if Self.isDashLine(lines[index]), Self.isBlockContent(lines[index + 1]), Self.isDashLine(lines[index + 2]) {
                blocks.append(lines[index + 1])
                index += 3
            } else {
                index += 1
            }
        }
        guard let jwt = blocks.first else {
            throw AuthError(code: .invalidCredentials, detail: "no JWT block (dash line, JWT, dash line) found")
        }
        let seedLine: ArraySlice<UInt8>?
        if blocks.count > 1 {
            seedLine = blocks[1]
        } else {
            seedLine = lines.first { line in
                line.starts(with: "SO".utf8) || line.starts(with: "SA".utf8) || line.starts(with: "SU".utf8)
            }
        }
        guard let seedLine else {
            throw AuthError(code: .invalidCredentials, detail: "no NKey seed block or SO/SA/SU seed line found")
        }
        self.jwt = String(decoding: jwt, as: UTF8.self)
        self.keyPair = try NKeyPair(seed: String(decoding: seedLine, as: UTF8.self))
    }

    /// Reads and parses a `.creds` file (with the C library's `fopen`/`fread`; no Foundation).
    ///
    /// - Parameter path: The file's path.
    /// - Throws: ``AuthError/Code/unreadableFile`` if it cannot be read or exceeds
    ///   ``maximumFileSize``, otherwise the errors of ``init(contents:)``.
    public init(contentsOfFile path: String) throws(AuthError) {
        var bytes = try Self.readFile(atPath: path, limit: Self.maximumFileSize)
        defer { NKeyEncoding.wipe(&bytes) }
        try self.init(contents: String(decoding: bytes, as: UTF8.self))
    }

    /// Signs the server's `INFO` nonce with ``keyPair``; see ``NKeyPair/signNonce(_:)``.
    ///
    /// - Parameter nonce: The `nonce` string from `INFO`.
    /// - Returns: The base64url signature without padding.
    /// - Throws: ``AuthError/Code/signingFailed``.
    public func signNonce(_ nonce: String) throws(AuthError) -> String {
        try self.keyPair.signNonce(nonce)
    }

    /// `NATSCredentials(publicKey: <key>, jwt: <redacted, N bytes>, seed: <redacted>)`.
    public var description: String {
        "NATSCredentials(publicKey: \(self.keyPair.publicKey), jwt: <redacted, \(self.jwt.utf8.count) bytes>, seed: <redacted>)"
    }

    /// Same as ``description``.
    public var debugDescription: String { self.description }

    /// A mirror showing only the key pair's public part.
    public var customMirror: Mirror {
        Mirror(self, children: ["keyPair": self.keyPair], displayStyle: .struct)
    }

    private static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        func isSpace(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D)
        }
        var line = line
        while let first = line.first, isSpace(first) { line = line.dropFirst() }
        while let last = line.last, isSpace(last) { line = line.dropLast() }
        return line
    }

    private static func isDashLine(_ line: ArraySlice<UInt8>) -> Bool {
        let dashes = "---".utf8
        return line.count >= 6 && line.starts(with: dashes) && line.reversed().starts(with: dashes)
    }

    private static func isBlockContent(_ line: ArraySlice<UInt8>) -> Bool {
        guard !line.isEmpty, !line.starts(with: "---".utf8) else { return false }
        return line.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
                UInt8(ascii: "."), UInt8(ascii: "="):
                true
            default:
                false
            }
        }
    }

    private static func readFile(atPath path: String, limit: Int) throws(AuthError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            let reason = String(cString: strerror(errno))
            throw AuthError(code: .unreadableFile, detail: "cannot open '\(path)': \(reason)")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        defer { NKeyEncoding.wipe(&chunk) }
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.count > limit {
                NKeyEncoding.wipe(&bytes)
                throw AuthError(code: .unreadableFile, detail: "'\(path)' is larger than \(limit) bytes")
            }
            if count < chunk.count {
                if ferror(file) != 0 {
                    NKeyEncoding.wipe(&bytes)
                    throw AuthError(code: .unreadableFile, detail: "read error on '\(path)'")
                }
                return bytes
            }
        }
    }
}
