/// A JSON number as written: its source text is kept, so integers of any size stay exact.
public struct JSONNumber: Hashable, Sendable, CustomStringConvertible {
    /// The number's text, valid per RFC 8259 (e.g. `-12`, `1.5e3`).
    public let text: String

    /// A number from its text; `nil` when the text is not an RFC 8259 number.
    public init?(_ text: String) {
        var copy = text
        let valid = copy.withUTF8 { utf8 in
            var parser = JSONParser(bytes: UnsafeRawBufferPointer(utf8))
            guard let tape = try? parser.parseDocument(), let entry = tape.first else { return false }
            return entry.kind == .number && entry.start == 0 && Int(entry.end) == utf8.count
        }
        guard valid else { return nil }
        self.text = text
    }

    /// An exact integer.
    public init(_ value: Int64) {
        text = String(value)
    }

    /// A finite double as its shortest round-trip text; `nil` for infinities and NaN.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        text = value.description
    }

    init(unchecked text: String) {
        self.text = text
    }

    /// The value when written as an integer (no fraction, no exponent) that fits `Int64`.
    public var int64: Int64? {
        var copy = text
        return copy.withUTF8 { Self.int64(UnsafeRawBufferPointer($0)) }
    }

    /// The nearest `Double`; `nil` when the magnitude overflows to infinity.
    public var double: Double? {
        var copy = text
        return copy.withUTF8 { Self.double(UnsafeRawBufferPointer($0)) }
    }

    public var description: String { text }

    /// Parses `-?digits` with overflow checks; `nil` for anything else.
    static func int64(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var i = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { i = 1 }
        guard i < bytes.count else { return nil }
        var value: Int64 = 0
        while i < bytes.count {
            let digit = bytes[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times.subtractingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            i += 1
        }
        if negative { return value }
        let (positive, overflow) = Int64(0).subtractingReportingOverflow(value)
        return overflow ? nil : positive
    }

    /// The nearest `Double` of a grammar-valid number; `nil` when it is not finite.
    static func double(_ bytes: UnsafeRawBufferPointer) -> Double? {
        if let integer = int64(bytes), integer.magnitude <= 1 << 53 {
            return integer == 0 && bytes.first == UInt8(ascii: "-") ? -0.0 : Double(integer)
        }
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}
