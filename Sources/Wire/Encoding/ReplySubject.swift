/// The reply subject of a publish.
public enum ReplySubject: Sendable, Hashable {
    case none
    case subject(String)
    /// `prefix` followed by the decimal `number`, written without building a string (per-publish
    /// ack inboxes such as `_INBOX.abc.42`).
    case numbered(prefix: String, number: UInt64)

    /// Bytes it takes on the wire, at most (a number takes up to 20 digits).
    public var maximumByteCount: Int {
        switch self {
        case .none: 0
        case .subject(let subject): subject.utf8.count
        case .numbered(let prefix, _): prefix.utf8.count + 20
        }
    }
}
