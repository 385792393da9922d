/// Subject rules and helpers. A namespace: it has no cases.
public enum Subject {}

extension Subject {
    /// Checks that `subject` can be published to: a valid subject with no wildcard token.
    ///
    /// The rules are nats-server's `IsValidPublishSubject`, stricter on bytes: not empty; no space
    /// or control byte (0x00–0x20, 0x7F); tokens between dots not empty; no token that is exactly
    /// `*` or `>` (`a*` and `>b` are ordinary tokens).
    ///
    /// - Parameter subject: The subject to check.
    /// - Throws: `NATSProtocolError(.invalidSubject, …)` naming the subject and the broken rule.
    public static func validatePublish(_ subject: String) throws {
        var subject = subject
        try subject.withUTF8 { try validatePublish(UnsafeRawBufferPointer($0)) }  // contiguous bytes: the fast path
    }

    /// Checks that the UTF-8 bytes of a subject can be published to, with the same rules as the `String` overload.
    ///
    /// - Parameter subject: The subject's bytes (a `ByteBufferView`, `UnsafeRawBufferPointer`, …).
    /// - Throws: `NATSProtocolError(.invalidSubject, …)` naming the subject and the broken rule.
    public static func validatePublish(_ subject: some Collection<UInt8>) throws {
        if let failure = check(subject, allowWildcards: false) {
            throw NATSProtocolError(.invalidSubject, "\(failure.reason) in publish subject \(quoted(subject))")
        }
    }

    /// Checks that `subject` can be subscribed to: a valid subject in which `*` and `>` may be
    /// whole tokens, `>` only as the last one.
    ///
    /// The rules are nats-server's `IsValidSubject`, stricter on bytes: not empty; no space or
    /// control byte (0x00–0x20, 0x7F); tokens between dots not empty; `>` only as the last token.
    ///
    /// - Parameter subject: The subject or pattern to check.
    /// - Throws: `NATSProtocolError(.invalidSubject, …)` naming the subject and the broken rule.
    public static func validateSubscribe(_ subject: String) throws {
        var subject = subject
        try subject.withUTF8 { try validateSubscribe(UnsafeRawBufferPointer($0)) }  // contiguous bytes: the fast path
    }

    /// Checks that the UTF-8 bytes of a subject can be subscribed to, with the same rules as the `String` overload.
    ///
    /// - Parameter subject: The subject's bytes (a `ByteBufferView`, `UnsafeRawBufferPointer`, …).
    /// - Throws: `NATSProtocolError(.invalidSubject, …)` naming the subject and the broken rule.
    public static func validateSubscribe(_ subject: some Collection<UInt8>) throws {
        if let failure = check(subject, allowWildcards: true) {
            throw NATSProtocolError(.invalidSubject, "\(failure.reason) in subscribe subject \(quoted(subject))")
        }
    }

    /// Checks a queue group name: not empty, no space or control byte (0x00–0x20, 0x7F).
    ///
    /// - Parameter queueGroup: The queue group name to check.
    /// - Throws: `NATSProtocolError(.invalidQueueGroup, …)` naming the queue group.
    public static func validateQueueGroup(_ queueGroup: String) throws {
        var queueGroup = queueGroup
        try queueGroup.withUTF8 { try validateQueueGroup(UnsafeRawBufferPointer($0)) }
    }

    /// Checks the UTF-8 bytes of a queue group name, with the same rules as the `String` overload.
    ///
    /// - Parameter queueGroup: The queue group's bytes.
    /// - Throws: `NATSProtocolError(.invalidQueueGroup, …)` naming the queue group.
    public static func validateQueueGroup(_ queueGroup: some Collection<UInt8>) throws {
        guard !queueGroup.isEmpty else { throw NATSProtocolError(.invalidQueueGroup, "queue group is empty") }
        for (offset, byte) in queueGroup.enumerated() where isForbidden(byte) {
            throw NATSProtocolError(
                .invalidQueueGroup,
                "\(Failure.forbiddenByte(offset: offset, byte: byte).reason) in queue group \(quoted(queueGroup))"
            )
        }
    }

    // MARK: Rules

    private enum Failure {
        case empty
        case forbiddenByte(offset: Int, byte: UInt8)
        case emptyToken(offset: Int)
        case wildcardToken(offset: Int)
        case fullWildcardNotLast(offset: Int)

        var reason: String {
            switch self {
            case .empty: "empty subject"
            case .forbiddenByte(let offset, let byte):
                byte == 0x20 ? "space at offset \(offset)" : "control byte 0x\(Subject.hex(byte)) at offset \(offset)"
            case .emptyToken(let offset): "empty token at offset \(offset)"
            case .wildcardToken(let offset): "wildcard token at offset \(offset)"
            case .fullWildcardNotLast(let offset): "'>' not the last token at offset \(offset)"
            }
        }
    }

    /// Whitespace (space, tab, CR, LF, FF, VT), the other control bytes, and DEL.
    private static func isForbidden(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0x7F
    }

    /// One pass over the bytes; returns the first broken rule, or `nil` for a valid subject.
    private static func check(_ subject: some Collection<UInt8>, allowWildcards: Bool) -> Failure? {
        var offset = 0
        var tokenStart = 0
        var tokenLength = 0
        var tokenFirst: UInt8 = 0
        for byte in subject {
            if byte == UInt8(ascii: ".") {
                guard tokenLength > 0 else { return .emptyToken(offset: tokenStart) }
                if tokenLength == 1, tokenFirst == UInt8(ascii: "*") || tokenFirst == UInt8(ascii: ">") {
                    if !allowWildcards { return .wildcardToken(offset: tokenStart) }
                    if tokenFirst == UInt8(ascii: ">") { return .fullWildcardNotLast(offset: tokenStart) }
                }
                tokenStart = offset + 1
                tokenLength = 0
            } else {
                if isForbidden(byte) { return .forbiddenByte(offset: offset, byte: byte) }
                if tokenLength == 0 { tokenFirst = byte }
                tokenLength += 1
            }
            offset += 1
        }
        if offset == 0 { return .empty }
        guard tokenLength > 0 else { return .emptyToken(offset: tokenStart) }
        if !allowWildcards, tokenLength == 1, tokenFirst == UInt8(ascii: "*") || tokenFirst == UInt8(ascii: ">") {
            return .wildcardToken(offset: tokenStart)
        }
        return nil
    }

    // MARK: Error text

    /// The bytes as a quoted, escaped string for an error message; at most 256 bytes are shown.
    static func quoted(_ bytes: some Collection<UInt8>) -> String {
        let limit = 256
        let text = String(decoding: bytes.prefix(limit), as: UTF8.self)
        let escaped = text.unicodeScalars.map { $0.escaped(asASCII: false) }.joined()
        return "\"" + escaped + (bytes.count > limit ? "…" : "") + "\""
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }
}
