extension JSONWriter {
    /// Writes `"key":` and the string.
    public mutating func writeField(_ key: StaticString, _ value: String) {
        writeKey(key)
        writeString(value)
    }

    /// Writes `"key":` and the string, or `null` when it is `nil`.
    public mutating func writeField(_ key: StaticString, _ value: String?) {
        writeKey(key)
        writeString(orNull: value)
    }

    /// Writes `"key":` and an array of strings.
    public mutating func writeField(_ key: StaticString, _ values: [String]) {
        writeKey(key)
        writeStrings(values)
    }

    /// Writes `"key":` and the integer.
    public mutating func writeField(_ key: StaticString, _ value: Int) {
        writeKey(key)
        writeInt(value)
    }

    /// Writes `"key":` and the timestamp (RFC 3339, UTC).
    public mutating func writeField(_ key: StaticString, _ value: Timestamp) {
        writeKey(key)
        writeTimestamp(value)
    }

    /// Writes `"key":` and the date (`YYYY-MM-DD`), or `null` when it is `nil`.
    public mutating func writeField(_ key: StaticString, _ value: CalendarDate?) {
        writeKey(key)
        if let value { writeDate(value) } else { writeNull() }
    }

    /// Writes `"key":` and the timestamp, or `null` when it is `nil`.
    public mutating func writeField(_ key: StaticString, _ value: Timestamp?) {
        writeKey(key)
        if let value { writeTimestamp(value) } else { writeNull() }
    }
}

extension JSONWriter {
    /// Writes `"key":` and `true` or `false`.
    public mutating func writeField(_ key: StaticString, _ value: Bool) {
        writeKey(key)
        writeBool(value)
    }

    /// Writes `"key":` and the number (see `writeDouble`).
    /// - Precondition: `value` is finite.
    public mutating func writeField(_ key: StaticString, _ value: Double) {
        writeKey(key)
        writeDouble(value)
    }
}
