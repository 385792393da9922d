/// Readers the JSON core does not have (numbers as doubles, booleans, string maps, arrays of
/// objects, unit-or-tagged variants), shared by the domains (first written for Location).
extension JSONFields {
    func finiteDouble(_ key: StaticString) throws(CommandDecodingError) -> Double {
        try required(key).double(at: path(key))
    }

    func optionalFiniteDouble(_ key: StaticString) throws(CommandDecodingError) -> Double? {
        guard let value = optional(key) else { return nil }
        return try value.double(at: path(key))
    }

    func boolean(_ key: StaticString) throws(CommandDecodingError) -> Bool {
        try required(key).bool(at: path(key))
    }

    /// An unsigned integer that fits `T` (`u8`, `u16`, `u32` in the original).
    func unsigned<T: FixedWidthInteger & UnsignedInteger>(_ key: StaticString, as type: T.Type) throws(CommandDecodingError) -> T {
        T(try required(key).int64(at: path(key), in: 0...Int64(T.max)))
    }

    func optionalUnsigned<T: FixedWidthInteger & UnsignedInteger>(_ key: StaticString, as type: T.Type) throws(CommandDecodingError) -> T? {
        guard let value = optional(key) else { return nil }
        return T(try value.int64(at: path(key), in: 0...Int64(T.max)))
    }

    /// An object whose every value is a string (`HashMap<String, String>`); keys are unique.
    func stringMap(_ key: StaticString) throws(CommandDecodingError) -> [String: String] {
        let map = try object(key)
        var result: [String: String] = [:]
        result.reserveCapacity(map.node.count)
        for member in map.node.members {
            let name = member.key.decodedString()
            result[name] = try member.value.string(at: map.path + "." + name)
        }
        return result
    }

    /// An object whose every value is a finite number (`HashMap<String, f64>`).
    func doubleMap(_ key: StaticString) throws(CommandDecodingError) -> [String: Double] {
        let map = try object(key)
        var result: [String: Double] = [:]
        for member in map.node.members {
            let name = member.key.decodedString()
            result[name] = try member.value.double(at: map.path + "." + name)
        }
        return result
    }

    /// Each element of the array `key`, decoded by `element` with its path (`urls[2]`).
    func array<T>(_ key: StaticString, _ element: (JSONNode, String) throws(CommandDecodingError) -> T) throws(CommandDecodingError) -> [T] {
        let list = try required(key)
        let listPath = path(key)
        guard list.kind == .array else { throw .invalid(listPath, "expected an array, found \(list.kindName)") }
        var result: [T] = []
        result.reserveCapacity(list.count)
        for (position, node) in list.elements.enumerated() {
            result.append(try element(node, "\(listPath)[\(position)]"))
        }
        return result
    }

    /// The object `key` decoded by `decode`, or `nil` when it is absent or null.
    func optionalObject<T>(_ key: StaticString, _ decode: (JSONFields) throws(CommandDecodingError) -> T) throws(CommandDecodingError) -> T? {
        guard let value = optional(key) else { return nil }
        return try decode(try JSONFields(value, at: path(key)))
    }
}

/// serde's external tagging of enums that mix unit and data variants: `"Website"`,
/// `{"CloudService":{…}}`, `{"Custom":"text"}`.
enum JSONVariants {
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
