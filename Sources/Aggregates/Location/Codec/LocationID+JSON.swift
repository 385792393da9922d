extension JSONFields {
    func locationID(_ key: StaticString) throws(CommandDecodingError) -> LocationID {
        try uuid(key)
    }

    func optionalLocationID(_ key: StaticString) throws(CommandDecodingError) -> LocationID? {
        try optionalUUID(key)
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
