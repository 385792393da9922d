/// Readers for numbers as doubles, booleans, unsigned integers, maps, arrays and optional objects,
/// shared by the domains' codecs (first written for Location).
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

extension JSONFields {
    /// The array of strings `key`, or `nil` when it is absent or null.
    func optionalStrings(_ key: StaticString) throws(CommandDecodingError) -> [String]? {
        guard let value = optional(key) else { return nil }
        return try value.strings(at: path(key))
    }
}
