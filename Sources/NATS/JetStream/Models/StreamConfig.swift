/// A stream's configuration as sent to `STREAM.CREATE`/`UPDATE`. Every field but `name` is
/// optional and omitted when nil, so the server applies its defaults and a server that checks
/// JSON strictly (2.12+) never sees a field it does not know. Durations are nanoseconds on the
/// wire and `Duration` here.
public struct StreamConfig: Codable, Sendable, Hashable {
    public var name: String
    public var description: String?
    public var subjects: [String]?
    public var retention: RetentionPolicy?
    public var maxConsumers: Int?
    public var maxMessages: Int64?
    public var maxBytes: Int64?
    public var maxAge: NanosecondDuration?
    public var maxMessagesPerSubject: Int64?
    public var maxMessageSize: Int32?
    public var discard: DiscardPolicy?
    public var storage: StorageType?
    public var replicas: Int?
    public var duplicateWindow: NanosecondDuration?
    public var allowRollupHeaders: Bool?
    public var allowDirect: Bool?
    public var denyDelete: Bool?
    public var denyPurge: Bool?
    public var discardNewPerSubject: Bool?
    /// Atomic batch publish (2.12+).
    public var allowAtomic: Bool?
    /// Per-message TTL (2.11+).
    public var allowMessageTTL: Bool?
    public var subjectDeleteMarkerTTL: NanosecondDuration?
    public var compression: Compression?
    public var metadata: [String: String]?

    public init(name: String, subjects: [String]? = nil, storage: StorageType? = nil) {
        self.name = name
        self.subjects = subjects
        self.storage = storage
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, subjects, retention
        case maxConsumers = "max_consumers"
        case maxMessages = "max_msgs"
        case maxBytes = "max_bytes"
        case maxAge = "max_age"
        case maxMessagesPerSubject = "max_msgs_per_subject"
        case maxMessageSize = "max_msg_size"
        case discard, storage
        case replicas = "num_replicas"
        case duplicateWindow = "duplicate_window"
        case allowRollupHeaders = "allow_rollup_hdrs"
        case allowDirect = "allow_direct"
        case denyDelete = "deny_delete"
        case denyPurge = "deny_purge"
        case discardNewPerSubject = "discard_new_per_subject"
        case allowAtomic = "allow_atomic"
        case allowMessageTTL = "allow_msg_ttl"
        case subjectDeleteMarkerTTL = "subject_delete_marker_ttl"
        case compression, metadata
    }
}

/// A duration carried as int64 nanoseconds on the wire.
public struct NanosecondDuration: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    public init(_ duration: Duration) { self.nanoseconds = duration.nanoseconds }

    public var duration: Duration { .nanoseconds(nanoseconds) }

    public init(from decoder: any Decoder) throws {
        nanoseconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(nanoseconds)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
    public var description: String { "\(duration)" }
}

extension NanosecondDuration: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self.nanoseconds = value }
}

/// A string-valued option the server may extend: unknown values decode and round-trip.
public protocol JetStreamOption: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible
where RawValue == String {
    init(rawValue: String)
}

extension JetStreamOption {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

public struct RetentionPolicy: JetStreamOption {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let limits = Self(rawValue: "limits")
    public static let interest = Self(rawValue: "interest")
    public static let workQueue = Self(rawValue: "workqueue")
}

public struct DiscardPolicy: JetStreamOption {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let old = Self(rawValue: "old")
    public static let new = Self(rawValue: "new")
}

public struct StorageType: JetStreamOption {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let file = Self(rawValue: "file")
    public static let memory = Self(rawValue: "memory")
}

public struct Compression: JetStreamOption {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let none = Self(rawValue: "none")
    public static let s2 = Self(rawValue: "s2")
}
