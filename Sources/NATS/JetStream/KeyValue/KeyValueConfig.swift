import NIOCore

/// A KV bucket: stream `KV_<bucket>` on subjects `$KV.<bucket>.>`, configured the way the NATS
/// clients of the ecosystem configure it, so that `nats kv` and other clients read it too.
public struct KeyValueConfig: Sendable, Hashable {
    public var bucket: String
    public var description: String?
    /// Values kept per key, 1...64.
    public var history: Int
    /// How long a value lives (nil: forever).
    public var ttl: Duration?
    /// Total bytes (nil: no limit).
    public var maxBytes: Int64?
    /// Largest value in bytes (nil: the server's max_payload).
    public var maxValueSize: Int32?
    public var storage: StorageType
    public var replicas: Int
    /// S2 compression of the stored blocks (2.10+).
    public var compression: Bool

    public init(bucket: String, history: Int = 1, ttl: Duration? = nil, storage: StorageType = .file, replicas: Int = 1) {
        self.bucket = bucket
        self.history = history
        self.ttl = ttl
        self.storage = storage
        self.replicas = replicas
        self.maxBytes = nil
        self.maxValueSize = nil
        self.compression = false
    }

    /// The stream configuration the bucket is made of.
    var streamConfig: StreamConfig {
        var config = StreamConfig(name: "KV_\(bucket)", subjects: ["$KV.\(bucket).>"], storage: storage)
        config.description = description
        config.maxMessagesPerSubject = Int64(history)
        config.maxBytes = maxBytes ?? -1
        config.maxMessageSize = maxValueSize ?? -1
        config.maxMessages = -1
        config.maxConsumers = -1
        let twoMinutes = Duration.seconds(120)
        if let ttl, ttl > .zero {
            config.maxAge = NanosecondDuration(ttl)
            config.duplicateWindow = NanosecondDuration(min(ttl, twoMinutes))
        } else {
            config.duplicateWindow = NanosecondDuration(twoMinutes)
        }
        config.allowRollupHeaders = true
        config.denyDelete = true
        config.allowDirect = true
        config.discard = .new
        config.replicas = replicas
        if compression { config.compression = .s2 }
        return config
    }
}

/// One value of a key, or the marker of its deletion.
public struct KeyValueEntry: Sendable {
    public var bucket: String
    public var key: String
    public var value: ByteBuffer
    /// The stream sequence that stored it: pass it to `update` for compare-and-set.
    public var revision: UInt64
    /// RFC 3339 time it was stored.
    public var created: String
    public var operation: KeyValueOperation
}

public enum KeyValueOperation: String, Sendable, Hashable {
    case put = "PUT"
    case delete = "DEL"
    case purge = "PURGE"
}
