extension LocationID {
    /// A bare UUID string, as every Location command and event carries ids.
    /// - Throws: `.invalidField` at `path` for anything that is not a UUID string.
    static func decode(_ node: JSONNode, at path: @autoclosure () -> String) throws(CommandDecodingError) -> LocationID {
        LocationID(uuid: try node.uuid(at: path()))
    }
}

extension JSONFields {
    func locationID(_ key: StaticString) throws(CommandDecodingError) -> LocationID {
        try LocationID.decode(try required(key), at: path(key))
    }

    func optionalLocationID(_ key: StaticString) throws(CommandDecodingError) -> LocationID? {
        guard let value = optional(key) else { return nil }
        return try LocationID.decode(value, at: path(key))
    }
}

extension JSONWriter {
    mutating func writeField(_ key: StaticString, _ id: LocationID) {
        writeKey(key)
        writeString(id.text)
    }

    mutating func writeField(_ key: StaticString, _ id: LocationID?) {
        writeKey(key)
        writeString(orNull: id?.text)
    }
}
