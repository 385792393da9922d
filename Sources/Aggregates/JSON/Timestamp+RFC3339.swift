extension Timestamp {
    /// Parses an RFC 3339 timestamp with any offset (`Z`, `z`, `±hh:mm`) and 0 to 9 fractional
    /// digits; `nil` without an offset or when a field is out of range.
    public init?(rfc3339 text: String) {
        var text = text
        guard let parsed = text.withUTF8({ RFC3339.parseTimestamp(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// The RFC 3339 text in UTC with `Z` and 0, 3, 6 or 9 fractional digits (the fewest that are
    /// exact, as chrono writes it): `2025-11-09T19:00:00Z`, `…00.120Z`, `…00.123456789Z`.
    public var rfc3339: String {
        var bytes: [UInt8] = []
        RFC3339.append(self, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension CalendarDate {
    /// Parses `YYYY-MM-DD` (outside 0…9999 a signed year, as chrono writes it: `-0001`, `+10000`);
    /// `nil` for a day that does not exist.
    public init?(iso8601 text: String) {
        var text = text
        guard let parsed = text.withUTF8({ RFC3339.parseDate(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// `YYYY-MM-DD`.
    public var iso8601: String {
        var bytes: [UInt8] = []
        RFC3339.append(self, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil), the inverse of `init(daysSinceEpoch:)`.
    public var daysSinceEpoch: Int64 {
        let y = Int64(truncatingIfNeeded: year) &- (month <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y &- 399) / 400
        let yoe = y &- era &* 400
        let m = Int64(month), d = Int64(day)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era &* 146_097 &+ doe &- 719_468
    }
}

extension JSONWriter {
    /// Writes a timestamp as an RFC 3339 string in UTC (see `Timestamp.rfc3339`).
    public mutating func writeTimestamp(_ timestamp: Timestamp) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        RFC3339.append(timestamp, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes a date as a `YYYY-MM-DD` string.
    public mutating func writeDate(_ date: CalendarDate) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        RFC3339.append(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }
}
