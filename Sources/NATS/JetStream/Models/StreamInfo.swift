/// `STREAM.INFO` (and create/update) reply: the configuration the server holds and the state.
public struct StreamInfo: Decodable, Sendable {
    public var config: StreamConfig
    public var state: StreamState
    /// RFC 3339 creation time.
    public var created: String?
    /// Where the stream runs in a cluster: its leader and replicas (absent on a single server
    /// without a cluster).
    public var cluster: ClusterInfo?

    /// The stream's placement in a cluster.
    public struct ClusterInfo: Decodable, Sendable, Hashable {
        /// The cluster's name.
        public var name: String?
        /// The `server_name` of the stream's leader; absent while no leader is elected.
        public var leader: String?
        /// The other replicas: each server's name, whether it is current, and how far behind.
        public var replicas: [Replica]?

        /// One follower of the stream.
        public struct Replica: Decodable, Sendable, Hashable {
            public var name: String
            public var current: Bool
            public var offline: Bool?
            /// Operations behind the leader.
            public var lag: UInt64?
        }
    }

    public struct StreamState: Decodable, Sendable, Hashable {
        public var messages: UInt64
        public var bytes: UInt64
        public var firstSequence: UInt64
        public var lastSequence: UInt64
        public var consumerCount: Int
        public var subjectCount: UInt64?

        enum CodingKeys: String, CodingKey {
            case messages, bytes
            case firstSequence = "first_seq"
            case lastSequence = "last_seq"
            case consumerCount = "consumer_count"
            case subjectCount = "num_subjects"
        }
    }
}

/// `$JS.API.INFO` reply: the account's usage and, from 2.11, the API level.
public struct AccountInfo: Decodable, Sendable {
    public var memory: UInt64
    public var storage: UInt64
    public var streams: Int
    public var consumers: Int
    public var domain: String?
    public var api: APIStats

    public struct APIStats: Decodable, Sendable, Hashable {
        /// Absent before 2.11 (level 0).
        public var level: Int?
        public var total: UInt64
        public var errors: UInt64
    }
}

/// `STREAM.NAMES` reply (one page).
struct StreamNamesPage: Decodable, Sendable {
    var total: Int
    var offset: Int
    var limit: Int
    var streams: [String]?
}

/// `STREAM.LIST` reply (one page).
struct StreamListPage: Decodable, Sendable {
    var total: Int
    var offset: Int
    var limit: Int
    var streams: [StreamInfo]?
}

/// `STREAM.PURGE` reply.
struct PurgeResponse: Decodable, Sendable {
    var success: Bool
    var purged: UInt64
}

/// Replies that only say whether it worked (`STREAM.DELETE`, `CONSUMER.DELETE`).
struct SuccessResponse: Decodable, Sendable {
    var success: Bool
}
