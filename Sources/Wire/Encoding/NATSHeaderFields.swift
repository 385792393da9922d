package import NIOCore

/// Header fields to send with `HPUB`: ordered, case-preserving, repeatable.
///
/// Keys must be printable ASCII without `:` (checked by `validate()`); CR and LF in values are
/// written as spaces, so a value can never break the frame.
public struct NATSHeaderFields: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [(name: String, value: String)] = []
    /// Some name was added without being known valid: `validate()` has work to do.
    private var hasUncheckedNames = false

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { append(name, value) }
    }

    /// Adds a field after the existing ones (a repeated key adds another value).
    public mutating func append(_ name: String, _ value: String) {
        fields.append((name, value))
        hasUncheckedNames = true
    }

    /// Adds a field whose name is one of the protocol's own (a constant known to be valid), so
    /// that `validate()` need not check it on every publish.
    package mutating func append(knownName name: String, _ value: String) {
        fields.append((name, value))
    }

    /// Makes room for `count` fields in all, so that appending them allocates once.
    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// Replaces every value of `name` (exact case match) by one.
    public mutating func set(_ name: String, _ value: String) {
        fields.removeAll { $0.name == name }
        fields.append((name, value))
        hasUncheckedNames = true
    }

    public var isEmpty: Bool { fields.isEmpty }

    /// Checks every key: non-empty, printable ASCII 33...126 without `:`.
    /// - Throws: `NATSProtocolError` with code `.invalidHeaderBlock`.
    public func validate() throws {
        guard hasUncheckedNames else { return }
        for (name, _) in fields {
            guard !name.isEmpty, name.utf8.allSatisfy({ $0 >= 33 && $0 <= 126 && $0 != UInt8(ascii: ":") }) else {
                throw NATSProtocolError(.invalidHeaderBlock, "invalid header name \"\(name)\"")
            }
        }
    }

    /// Bytes of the block `NATS/1.0\r\n(Key: value\r\n)*\r\n`.
    public var encodedLength: Int {
        var n = 12
        for (name, value) in fields { n += name.utf8.count + 2 + value.utf8.count + 2 }
        return n
    }

    public static func == (lhs: NATSHeaderFields, rhs: NATSHeaderFields) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for (name, value) in fields {
            hasher.combine(name)
            hasher.combine(value)
        }
    }
}

extension ByteBuffer {
    /// Writes the header block of `fields`; returns the bytes written (`fields.encodedLength`).
    @discardableResult
    package mutating func writeHeaderBlock(_ fields: NATSHeaderFields) -> Int {
        var n = writeStaticString("NATS/1.0\r\n")
        for (name, value) in fields.fields {
            n += writeString(name)
            n += writeStaticString(": ")
            n += writeHeaderValue(value)
            n += writeStaticString("\r\n")
        }
        n += writeStaticString("\r\n")
        return n
    }

    private mutating func writeHeaderValue(_ value: String) -> Int {
        guard value.utf8.contains(where: { $0 == .cr || $0 == .lf }) else { return writeString(value) }
        return writeBytes(value.utf8.lazy.map { $0 == .cr || $0 == .lf ? UInt8(ascii: " ") : $0 })
    }
}
