/// An instant in UTC: whole seconds since 1970-01-01T00:00:00Z plus nanoseconds.
/// Time is never read here; it arrives inside commands. RFC 3339 text belongs to the codec.
public struct Timestamp: Hashable, Comparable, Sendable {
    public let secondsSinceEpoch: Int64
    public let nanoseconds: Int32

    /// - Parameters:
    ///   - secondsSinceEpoch: seconds since the Unix epoch (may be negative).
    ///   - nanoseconds: 0 ..< 1_000_000_000; out-of-range values are clamped.
    public init(secondsSinceEpoch: Int64, nanoseconds: Int32 = 0) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.nanoseconds = min(max(nanoseconds, 0), 999_999_999)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.secondsSinceEpoch, lhs.nanoseconds) < (rhs.secondsSinceEpoch, rhs.nanoseconds)
    }

    /// The UTC calendar day this instant falls on.
    public var date: CalendarDate {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        return CalendarDate(daysSinceEpoch: days)
    }
}
