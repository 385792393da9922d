/// Writes compact JSON straight into a byte buffer, no intermediate values. Separators are
/// implied: call `writeKey` before each member value and nothing between array elements.
///
/// ```swift
/// JSONWriter.append(to: &buffer) { w in
///     w.beginObject(); w.writeKey("id"); w.writeString(id); w.endObject()
/// }
/// ```
public struct JSONWriter {
    /// The bytes written so far.
    public var bytes: [UInt8]
    /// A value was just completed, so the next key or element needs a comma.
    var needsComma = false

    /// A writer appending to `bytes`.
    public init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    /// Runs `body` with a writer that appends to `buffer` (moved in and out, never copied).
    public static func append(to buffer: inout [UInt8], _ body: (inout JSONWriter) -> Void) {
        var writer = JSONWriter()
        swap(&writer.bytes, &buffer)
        body(&writer)
        swap(&writer.bytes, &buffer)
    }

    /// Writes `{` (after a comma if a sibling came before).
    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Writes `}`.
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Writes `[` (after a comma if a sibling came before).
    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    /// Writes `]`.
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes `"key":`. The key is written as is: it must need no escaping.
    public mutating func writeKey(_ key: StaticString) {
        let comma = needsComma
        key.withUTF8Buffer { name in
            // `,"key":` in one append.
            ScratchBytes.append(to: &bytes, capacity: name.count + 4) { text in
                if comma { text.put(UInt8(ascii: ",")) }
                text.put(UInt8(ascii: "\""))
                text.put(name)
                text.put(UInt8(ascii: "\""))
                text.put(UInt8(ascii: ":"))
            }
        }
        needsComma = false
    }

    /// Writes `"key":` with the key escaped (for keys that are data, not literals).
    public mutating func writeDynamicKey(_ key: String) {
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes `null`.
    public mutating func writeNull() {
        separate()
        appendStatic("null")
        needsComma = true
    }

    /// Writes `true` or `false`.
    public mutating func writeBool(_ value: Bool) {
        separate()
        appendStatic(value ? "true" : "false")
        needsComma = true
    }

    /// Writes an integer in decimal.
    public mutating func writeInt(_ value: Int) {
        writeInt(Int64(value))
    }

    /// Writes an integer in decimal.
    public mutating func writeInt(_ value: Int64) {
        let comma = needsComma
        // A comma, a sign and the 19 digits of `Int64.min`, in one append.
        ScratchBytes.append(to: &bytes, capacity: 21) { text in
            if comma { text.put(UInt8(ascii: ",")) }
            if value < 0 { text.put(UInt8(ascii: "-")) }
            text.putDecimal(value.magnitude)
        }
        needsComma = true
    }

    /// Writes the shortest text that reads back as `value` (Swift's `description`, e.g. `1.75`, `1e+20`).
    /// - Precondition: `value` is finite; JSON has no infinities or NaN.
    public mutating func writeDouble(_ value: Double) {
        precondition(value.isFinite, "JSON has no infinities or NaN")
        writeRaw(value.description)
    }

    /// Writes `json` verbatim as the next value.
    /// - Precondition: `json` is one valid JSON value.
    public mutating func writeRaw(_ json: String) {
        separate()
        var json = json
        json.withUTF8 { bytes.append(contentsOf: $0) }
        needsComma = true
    }

    /// Writes a value compactly: members in order, numbers as their source text.
    public mutating func writeValue(_ value: JSONValue) {
        switch value {
        case .null: writeNull()
        case .bool(let flag): writeBool(flag)
        case .number(let number): writeRaw(number.text)
        case .string(let text): writeString(text)
        case .array(let elements):
            beginArray()
            for element in elements { writeValue(element) }
            endArray()
        case .object(let members):
            beginObject()
            for member in members {
                writeDynamicKey(member.key)
                writeValue(member.value)
            }
            endObject()
        }
    }

    @inline(__always)
    mutating func appendStatic(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
