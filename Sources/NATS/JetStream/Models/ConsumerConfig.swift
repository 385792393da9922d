/// A consumer's configuration. Every field is optional and omitted when nil; durations are
/// nanoseconds on the wire. Pull consumers only: no `deliver_subject`.
public struct ConsumerConfig: Codable, Sendable, Hashable {
    /// For `CONSUMER.CREATE.<stream>.<name>`; set both `name` and `durableName` for a durable.
    public var name: String?
    public var durableName: String?
    public var description: String?
    public var deliverPolicy: DeliverPolicy?
    public var startSequence: UInt64?
    public var ackPolicy: AckPolicy?
    public var ackWait: NanosecondDuration?
    public var maxDeliver: Int?
    public var backoff: [NanosecondDuration]?
    public var filterSubject: String?
    public var filterSubjects: [String]?
    public var replayPolicy: ReplayPolicy?
    public var maxWaiting: Int?
    public var maxAckPending: Int?
    public var headersOnly: Bool?
    public var maxBatch: Int?
    public var maxExpires: NanosecondDuration?
    public var maxBytes: Int?
    /// Ephemeral consumers are removed after this long without pulls (server default 5 s).
    public var inactiveThreshold: NanosecondDuration?
    public var replicas: Int?
    public var memoryStorage: Bool?
    public var metadata: [String: String]?

    public init(
        durableName: String? = nil,
        filterSubject: String? = nil,
        ackPolicy: AckPolicy? = .explicit,
        ackWait: Duration? = nil,
        maxDeliver: Int? = nil,
        maxAckPending: Int? = nil
    ) {
        self.durableName = durableName
        self.name = durableName
        self.filterSubject = filterSubject
        self.ackPolicy = ackPolicy
        self.ackWait = ackWait.map(NanosecondDuration.init)
        self.maxDeliver = maxDeliver
        self.maxAckPending = maxAckPending
    }

    enum CodingKeys: String, CodingKey {
        case name
        case durableName = "durable_name"
        case description
        case deliverPolicy = "deliver_policy"
        case startSequence = "opt_start_seq"
        case ackPolicy = "ack_policy"
        case ackWait = "ack_wait"
        case maxDeliver = "max_deliver"
        case backoff
        case filterSubject = "filter_subject"
        case filterSubjects = "filter_subjects"
        case replayPolicy = "replay_policy"
        case maxWaiting = "max_waiting"
        case maxAckPending = "max_ack_pending"
        case headersOnly = "headers_only"
        case maxBatch = "max_batch"
        case maxExpires = "max_expires"
        case maxBytes = "max_bytes"
        case inactiveThreshold = "inactive_threshold"
        case replicas = "num_replicas"
        case memoryStorage = "mem_storage"
        case metadata
    }
}

public struct DeliverPolicy: JetStreamOption {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let all = Self(rawValue: "all")
    public static let last = Self(rawValue: "last")
    public static let new = Self(rawValue: "new")
    public static let byStartSequence = Self(rawValue: "by_start_sequence")
    public static let lastPerSubject = Self(rawValue: "last_per_subject")
}

public struct AckPolicy: JetStreamOption {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let none = Self(rawValue: "none")
    public static let all = Self(rawValue: "all")
    public static let explicit = Self(rawValue: "explicit")
}

public struct ReplayPolicy: JetStreamOption {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let instant = Self(rawValue: "instant")
    public static let original = Self(rawValue: "original")
}

/// `CONSUMER.INFO` (and create) reply.
public struct ConsumerInfo: Decodable, Sendable {
    public var stream: String
    public var name: String
    public var config: ConsumerConfig
    public var delivered: SequenceInfo
    public var ackFloor: SequenceInfo
    public var ackPending: Int
    public var redelivered: Int
    public var waiting: Int
    public var pending: UInt64

    public struct SequenceInfo: Decodable, Sendable, Hashable {
        public var consumerSequence: UInt64
        public var streamSequence: UInt64

        enum CodingKeys: String, CodingKey {
            case consumerSequence = "consumer_seq"
            case streamSequence = "stream_seq"
        }
    }

    enum CodingKeys: String, CodingKey {
        case stream = "stream_name"
        case name, config, delivered
        case ackFloor = "ack_floor"
        case ackPending = "num_ack_pending"
        case redelivered = "num_redelivered"
        case waiting = "num_waiting"
        case pending = "num_pending"
    }
}

/// The body of `CONSUMER.CREATE`.
struct CreateConsumerRequest: Encodable, Sendable {
    var streamName: String
    var config: ConsumerConfig
    /// `create`, `update`, or nil (upsert; also what servers before 2.10 understand).
    var action: String?

    enum CodingKeys: String, CodingKey {
        case streamName = "stream_name"
        case config, action
    }
}
