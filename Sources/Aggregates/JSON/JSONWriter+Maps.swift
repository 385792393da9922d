extension JSONWriter {
    /// Writes an object of strings with its keys in byte order, so equal maps write equal bytes.
    mutating func writeStringMap(_ map: [String: String]) {
        beginObject()
        for key in map.keys.sorted(by: Self.byteOrder) {
            writeDynamicKey(key)
            writeString(map[key] ?? "")
        }
        endObject()
    }

    /// Writes an object of numbers with its keys in byte order.
    mutating func writeDoubleMap(_ map: [String: Double]) {
        beginObject()
        for key in map.keys.sorted(by: Self.byteOrder) {
            writeDynamicKey(key)
            writeDouble(map[key] ?? 0)
        }
        endObject()
    }

    /// Writes a double, or `null` when it is `nil`.
    mutating func writeDouble(orNull value: Double?) {
        if let value { writeDouble(value) } else { writeNull() }
    }

    static func byteOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
