/// RFC 3339 timestamps and `YYYY-MM-DD` dates, from and to bytes.
///
/// Years are 4 digits, or as chrono writes years outside 0…9999: `-` and 4 to 11 digits, `+` and 5 to 11.
/// Timestamps take any offset (`Z`, `z`, `±hh:mm`), 0 to 9 fractional digits and `T`, `t` or a
/// space between date and time; a timestamp without an offset, or with second 60, is rejected.
enum RFC3339 {
    static func parseDate(_ bytes: UnsafeRawBufferPointer) -> CalendarDate? {
        var cursor = Cursor(bytes: bytes)
        guard let date = cursor.date(), cursor.atEnd else { return nil }
        return date
    }

    static func parseTimestamp(_ bytes: UnsafeRawBufferPointer) -> Timestamp? {
        var cursor = Cursor(bytes: bytes)
        guard let date = cursor.date(), let separator = cursor.next(),
            separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " "),
            let hour = cursor.digits(2), hour < 24, cursor.skip(UInt8(ascii: ":")),
            let minute = cursor.digits(2), minute < 60, cursor.skip(UInt8(ascii: ":")),
            let second = cursor.digits(2), second < 60
        else { return nil }
        var nanoseconds = 0
        if cursor.skip(UInt8(ascii: ".")) {
            let start = cursor.index
            guard let fraction = cursor.digits(1...9) else { return nil }
            nanoseconds = fraction
            for _ in (cursor.index - start)..<9 { nanoseconds *= 10 }
        }
        let offset: Int
        switch cursor.next() {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            offset = 0
        case let sign? where sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"):
            guard let hours = cursor.digits(2), hours < 24, cursor.skip(UInt8(ascii: ":")),
                let minutes = cursor.digits(2), minutes < 60
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        guard cursor.atEnd else { return nil }
        let seconds = date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        return Timestamp(secondsSinceEpoch: seconds, nanoseconds: Int32(nanoseconds))
    }

    /// The longest date: a sign, the 19 digits of `Int.max` and `-MM-DD`.
    static let maxDateLength = 26
    /// The longest timestamp: a date, `THH:MM:SS`, 10 fractional bytes and `Z`.
    static let maxTimestampLength = maxDateLength + 20

    /// Appends `YYYY-MM-DD`.
    static func append(_ date: CalendarDate, to bytes: inout [UInt8]) {
        ScratchBytes.append(to: &bytes, capacity: maxDateLength) { write(date, to: &$0) }
    }

    /// Appends the UTC form with `Z` and 0, 3, 6 or 9 fractional digits, the fewest that are exact.
    static func append(_ timestamp: Timestamp, to bytes: inout [UInt8]) {
        ScratchBytes.append(to: &bytes, capacity: maxTimestampLength) { write(timestamp, to: &$0) }
    }

    private static func write(_ date: CalendarDate, to text: inout ScratchBytes) {
        if (0...9999).contains(date.year) {
            text.putDecimal(UInt64(date.year), width: 4)
        } else {
            text.put(date.year < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            text.putDecimal(UInt64(date.year.magnitude), width: 4)
        }
        text.put(UInt8(ascii: "-"))
        text.putDecimal(UInt64(date.month), width: 2)
        text.put(UInt8(ascii: "-"))
        text.putDecimal(UInt64(date.day), width: 2)
    }

    private static func write(_ timestamp: Timestamp, to text: inout ScratchBytes) {
        let seconds = timestamp.secondsSinceEpoch
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            days -= 1
            secondOfDay += 86_400
        }
        write(CalendarDate(daysSinceEpoch: days), to: &text)
        text.put(UInt8(ascii: "T"))
        text.putDecimal(UInt64(secondOfDay / 3600), width: 2)
        text.put(UInt8(ascii: ":"))
        text.putDecimal(UInt64(secondOfDay / 60 % 60), width: 2)
        text.put(UInt8(ascii: ":"))
        text.putDecimal(UInt64(secondOfDay % 60), width: 2)
        let nanoseconds = UInt64(timestamp.nanoseconds)
        if nanoseconds != 0 {
            text.put(UInt8(ascii: "."))
            if nanoseconds % 1_000_000 == 0 {
                text.putDecimal(nanoseconds / 1_000_000, width: 3)
            } else if nanoseconds % 1000 == 0 {
                text.putDecimal(nanoseconds / 1000, width: 6)
            } else {
                text.putDecimal(nanoseconds, width: 9)
            }
        }
        text.put(UInt8(ascii: "Z"))
    }
}

/// Reads digits and punctuation off a byte buffer.
private struct Cursor {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func next() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Exactly `count` digits.
    mutating func digits(_ count: Int) -> Int? {
        digits(count...count)
    }

    /// As many digits as there are, if that many is within `range`.
    mutating func digits(_ range: ClosedRange<Int>) -> Int? {
        var value = 0, count = 0
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10, count < range.upperBound {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
            count += 1
        }
        let more = index < bytes.count && bytes[index] &- UInt8(ascii: "0") < 10
        return range.contains(count) && !more ? value : nil
    }

    /// `YYYY-MM-DD`; outside 0…9999 the year is `-` and 4 to 11 digits or `+` and 5 to 11.
    mutating func date() -> CalendarDate? {
        var year: Int
        if skip(UInt8(ascii: "+")) {
            guard let digits = digits(5...11) else { return nil }
            year = digits
        } else if skip(UInt8(ascii: "-")) {
            guard let digits = digits(4...11) else { return nil }
            year = -digits
        } else {
            guard let digits = digits(4) else { return nil }
            year = digits
        }
        guard skip(UInt8(ascii: "-")), let month = digits(2), skip(UInt8(ascii: "-")), let day = digits(2) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }
}
