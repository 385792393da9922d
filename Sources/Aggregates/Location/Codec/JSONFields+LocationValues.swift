/// serde's external tagging of enums that mix unit and data variants: `"Website"`,
/// `{"CloudService":{…}}`, `{"Custom":"text"}`.
enum LocationVariants {
    /// The variant's name and, for a data variant, its value.
    /// - Throws: `.invalidField` at `path` for anything but a string or a one-member object.
    static func read(_ node: JSONNode, at path: String) throws(CommandDecodingError) -> (name: String, value: JSONNode?) {
        if node.isString { return (node.decodedString(), nil) }
        guard node.kind == .object else { throw .invalid(path, "expected a variant name or an object with one tag, found \(node.kindName)") }
        let (tag, value) = try node.tagged(at: path)
        return (tag, value)
    }

    static func unknown(_ name: String, at path: String, expected names: [String]) -> CommandDecodingError {
        .invalid(path, "unknown variant \(name); expected one of \(names.joined(separator: ", "))")
    }

    /// A unit variant written with a value, or a data variant written without one.
    static func misshapen(_ name: String, at path: String, unit: Bool) -> CommandDecodingError {
        .invalid(path, unit ? "variant \(name) takes no value; write it as \"\(name)\"" : "variant \(name) needs a value: {\"\(name)\": …}")
    }
}

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
