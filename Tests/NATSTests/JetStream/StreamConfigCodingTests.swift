import Foundation
import Testing

@testable import NATS

/// Encodes with sorted keys so that whole JSON texts can be compared.
func sortedJSON(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// The top-level keys of an encoded value.
func encodedKeys(_ value: some Encodable) throws -> Set<String> {
    let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value))
    return Set(try #require(object as? [String: Any]).keys)
}

@Suite struct StreamConfigCodingTests {
    @Test func nameAndSubjectsOnly() throws {
        let config = StreamConfig(name: "ORDERS", subjects: ["orders.>"])
        #expect(try encodedKeys(config) == ["name", "subjects"])
        #expect(try sortedJSON(config) == #"{"name":"ORDERS","subjects":["orders.>"]}"#)
        let text = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        #expect(!text.contains("null"))
    }

    @Test func nameOnly() throws {
        #expect(try sortedJSON(StreamConfig(name: "S")) == #"{"name":"S"}"#)
    }

    @Test func durationsAreIntegerNanoseconds() throws {
        var config = StreamConfig(name: "S")
        config.maxAge = NanosecondDuration(.seconds(2))
        #expect(try sortedJSON(config) == #"{"max_age":2000000000,"name":"S"}"#)
        config.maxAge = nil
        config.duplicateWindow = NanosecondDuration(.milliseconds(1500))
        config.subjectDeleteMarkerTTL = NanosecondDuration(.seconds(60))
        #expect(try sortedJSON(config) == #"{"duplicate_window":1500000000,"name":"S","subject_delete_marker_ttl":60000000000}"#)
    }

    @Test func nanosecondDurationConversions() throws {
        let twoSeconds = NanosecondDuration(.seconds(2))
        #expect(twoSeconds.nanoseconds == 2_000_000_000)
        #expect(twoSeconds.duration == .seconds(2))
        #expect(NanosecondDuration(.microseconds(3)).nanoseconds == 3000)
        let literal: NanosecondDuration = 5
        #expect(literal == NanosecondDuration(nanoseconds: 5))
        #expect(literal < twoSeconds)
        #expect(try sortedJSON([twoSeconds]) == "[2000000000]")
        #expect(try JSONDecoder().decode([NanosecondDuration].self, from: Data("[120000000000]".utf8)) == [NanosecondDuration(.seconds(120))])
        #expect(throws: (any Error).self) { try JSONDecoder().decode([NanosecondDuration].self, from: Data("[\"2s\"]".utf8)) }
    }

    @Test func wireKeys() throws {
        var config = StreamConfig(name: "S")
        config.allowRollupHeaders = true
        config.maxMessagesPerSubject = 1
        config.replicas = 3
        #expect(try sortedJSON(config) == #"{"allow_rollup_hdrs":true,"max_msgs_per_subject":1,"name":"S","num_replicas":3}"#)
    }

    @Test func everyFieldSetEncodesEveryKey() throws {
        var config = StreamConfig(name: "S", subjects: ["a", "b.*"], storage: .memory)
        config.description = "d"
        config.retention = .workQueue
        config.maxConsumers = 10
        config.maxMessages = 100
        config.maxBytes = 1 << 20
        config.maxAge = NanosecondDuration(.seconds(1))
        config.maxMessagesPerSubject = 5
        config.maxMessageSize = 1024
        config.discard = .new
        config.replicas = 3
        config.duplicateWindow = NanosecondDuration(.seconds(120))
        config.allowRollupHeaders = true
        config.allowDirect = true
        config.denyDelete = true
        config.denyPurge = false
        config.discardNewPerSubject = true
        config.allowAtomic = true
        config.allowMessageTTL = true
        config.subjectDeleteMarkerTTL = NanosecondDuration(.seconds(60))
        config.compression = .s2
        config.metadata = ["owner": "billing"]
        #expect(try encodedKeys(config) == Set(StreamConfig.CodingKeys.allCases.map(\.stringValue)))
        #expect(try sortedJSON(config) == """
            {"allow_atomic":true,"allow_direct":true,"allow_msg_ttl":true,"allow_rollup_hdrs":true,"compression":"s2",\
            "deny_delete":true,"deny_purge":false,"description":"d","discard":"new","discard_new_per_subject":true,\
            "duplicate_window":120000000000,"max_age":1000000000,"max_bytes":1048576,"max_consumers":10,\
            "max_msg_size":1024,"max_msgs":100,"max_msgs_per_subject":5,"metadata":{"owner":"billing"},"name":"S",\
            "num_replicas":3,"retention":"workqueue","storage":"memory","subject_delete_marker_ttl":60000000000,\
            "subjects":["a","b.*"]}
            """)
        let decoded = try JSONDecoder().decode(StreamConfig.self, from: JSONEncoder().encode(config))
        #expect(decoded == config)
    }

    static let serverConfig = #"""
        {
          "name": "ORDERS",
          "subjects": ["orders.>"],
          "retention": "limits",
          "max_consumers": -1,
          "max_msgs": -1,
          "max_bytes": -1,
          "max_age": 86400000000000,
          "max_msgs_per_subject": -1,
          "max_msg_size": -1,
          "discard": "old",
          "storage": "file",
          "num_replicas": 1,
          "duplicate_window": 120000000000,
          "compression": "none",
          "allow_direct": true,
          "mirror_direct": false,
          "sealed": false,
          "deny_delete": false,
          "deny_purge": false,
          "allow_rollup_hdrs": false,
          "allow_msg_ttl": false,
          "consumer_limits": {},
          "placement": {"cluster": "", "tags": []},
          "first_seq": 1,
          "republish": {"src": ">", "dest": "x.>", "headers_only": false},
          "metadata": {"_nats.req.level": "0", "_nats.ver": "2.11.0", "_nats.level": "1"}
        }
        """#

    @Test func decodesAServerConfigWithUnknownKeys() throws {
        let config = try JSONDecoder().decode(StreamConfig.self, from: Data(Self.serverConfig.utf8))
        #expect(config.name == "ORDERS")
        #expect(config.subjects == ["orders.>"])
        #expect(config.retention == .limits)
        #expect(config.storage == .file)
        #expect(config.discard == .old)
        #expect(config.compression == Compression.none)
        #expect(config.maxAge == NanosecondDuration(.seconds(86400)))
        #expect(config.maxAge?.duration == .seconds(86400))
        #expect(config.duplicateWindow == NanosecondDuration(.seconds(120)))
        #expect(config.maxMessages == -1)
        #expect(config.maxMessageSize == -1)
        #expect(config.maxConsumers == -1)
        #expect(config.replicas == 1)
        #expect(config.allowDirect == true)
        #expect(config.denyDelete == false)
        #expect(config.allowMessageTTL == false)
        #expect(config.allowAtomic == nil)
        #expect(config.description == nil)
        #expect(config.metadata?["_nats.ver"] == "2.11.0")
    }

    @Test func unknownOptionValuesRoundTrip() throws {
        let json = #"{"name":"S","retention":"futurepolicy","storage":"tape","discard":"sideways","compression":"zstd"}"#
        let config = try JSONDecoder().decode(StreamConfig.self, from: Data(json.utf8))
        #expect(config.retention?.rawValue == "futurepolicy")
        #expect(config.retention != .limits)
        #expect(config.storage == StorageType(rawValue: "tape"))
        #expect(config.discard?.description == "sideways")
        #expect(config.compression?.rawValue == "zstd")
        #expect(try sortedJSON(config) == #"{"compression":"zstd","discard":"sideways","name":"S","retention":"futurepolicy","storage":"tape"}"#)
    }

    @Test func knownOptionRawValues() {
        #expect(RetentionPolicy.limits.rawValue == "limits")
        #expect(RetentionPolicy.interest.rawValue == "interest")
        #expect(RetentionPolicy.workQueue.rawValue == "workqueue")
        #expect(DiscardPolicy.old.rawValue == "old")
        #expect(DiscardPolicy.new.rawValue == "new")
        #expect(StorageType.file.rawValue == "file")
        #expect(StorageType.memory.rawValue == "memory")
        #expect(Compression.s2.rawValue == "s2")
        #expect(DeliverPolicy.byStartSequence.rawValue == "by_start_sequence")
        #expect(DeliverPolicy.lastPerSubject.rawValue == "last_per_subject")
        #expect(AckPolicy.explicit.rawValue == "explicit")
        #expect(ReplayPolicy.original.rawValue == "original")
    }

    @Test func wrongTypesFailToDecode() {
        for json in [#"{"subjects":["a"]}"#, #"{"name":"S","max_age":"1s"}"#, #"{"name":"S","retention":1}"#, #"{"name":"S","max_msg_size":4294967296}"#] {
            #expect(throws: (any Error).self, "\(json)") { try JSONDecoder().decode(StreamConfig.self, from: Data(json.utf8)) }
        }
    }

    @Test func streamInfoDecodes() throws {
        let json = """
            {"type":"io.nats.jetstream.api.v1.stream_info_response","config":\(Self.serverConfig),\
            "created":"2025-01-01T00:00:00Z","ts":"2025-01-01T00:00:01Z",\
            "state":{"messages":3,"bytes":120,"first_seq":1,"first_ts":"2025-01-01T00:00:00Z","last_seq":3,\
            "last_ts":"2025-01-01T00:00:00Z","num_subjects":2,"consumer_count":1},"cluster":{"leader":"n1"}}
            """
        let info = try JSONDecoder().decode(StreamInfo.self, from: Data(json.utf8))
        #expect(info.config.name == "ORDERS")
        #expect(info.created == "2025-01-01T00:00:00Z")
        #expect(info.state == StreamInfo.StreamState(messages: 3, bytes: 120, firstSequence: 1, lastSequence: 3, consumerCount: 1, subjectCount: 2))
    }
}

@Suite struct ConsumerConfigCodingTests {
    @Test func defaultInitSendsExplicitAckOnly() throws {
        #expect(try sortedJSON(ConsumerConfig()) == #"{"ack_policy":"explicit"}"#)
        #expect(try sortedJSON(ConsumerConfig(ackPolicy: nil)) == "{}")
    }

    @Test func durableSetsNameAndDurableName() throws {
        let config = ConsumerConfig(durableName: "worker", filterSubject: "orders.*", ackWait: .seconds(30), maxDeliver: 5, maxAckPending: 100)
        #expect(config.name == "worker")
        #expect(try sortedJSON(config) == """
            {"ack_policy":"explicit","ack_wait":30000000000,"durable_name":"worker","filter_subject":"orders.*",\
            "max_ack_pending":100,"max_deliver":5,"name":"worker"}
            """)
    }

    @Test func backoffIsAnArrayOfNanoseconds() throws {
        var config = ConsumerConfig(ackPolicy: nil)
        config.backoff = [NanosecondDuration(.seconds(1)), NanosecondDuration(.milliseconds(500)), NanosecondDuration(.seconds(60))]
        #expect(try sortedJSON(config) == #"{"backoff":[1000000000,500000000,60000000000]}"#)
    }

    @Test func wireKeys() throws {
        var config = ConsumerConfig(ackPolicy: nil)
        config.startSequence = 10
        config.deliverPolicy = .byStartSequence
        config.maxExpires = NanosecondDuration(.seconds(5))
        config.inactiveThreshold = NanosecondDuration(.seconds(10))
        config.memoryStorage = true
        config.replicas = 1
        config.filterSubjects = ["a", "b"]
        config.replayPolicy = .instant
        config.headersOnly = true
        config.maxWaiting = 512
        config.maxBatch = 100
        config.maxBytes = 1024
        #expect(try sortedJSON(config) == """
            {"deliver_policy":"by_start_sequence","filter_subjects":["a","b"],"headers_only":true,\
            "inactive_threshold":10000000000,"max_batch":100,"max_bytes":1024,"max_expires":5000000000,\
            "max_waiting":512,"mem_storage":true,"num_replicas":1,"opt_start_seq":10,"replay_policy":"instant"}
            """)
    }

    @Test func decodesAServerConsumerInfo() throws {
        let json = #"""
            {"type":"io.nats.jetstream.api.v1.consumer_create_response","stream_name":"ORDERS","name":"worker",
             "created":"2025-01-01T00:00:00Z",
             "config":{"name":"worker","durable_name":"worker","deliver_policy":"all","ack_policy":"explicit",
               "ack_wait":30000000000,"max_deliver":-1,"backoff":[1000000000,2000000000],"filter_subject":"orders.*",
               "replay_policy":"instant","max_waiting":512,"max_ack_pending":1000,"num_replicas":0,
               "priority_policy":"none","sample_freq":"","metadata":{"_nats.level":"1"}},
             "delivered":{"consumer_seq":4,"stream_seq":9,"last_active":"2025-01-01T00:00:00Z"},
             "ack_floor":{"consumer_seq":3,"stream_seq":8},
             "num_ack_pending":1,"num_redelivered":0,"num_waiting":2,"num_pending":17,"ts":"2025-01-01T00:00:00Z"}
            """#
        let info = try JSONDecoder().decode(ConsumerInfo.self, from: Data(json.utf8))
        #expect(info.stream == "ORDERS")
        #expect(info.name == "worker")
        #expect(info.config.durableName == "worker")
        #expect(info.config.deliverPolicy == .all)
        #expect(info.config.ackWait?.duration == .seconds(30))
        #expect(info.config.backoff == [NanosecondDuration(.seconds(1)), NanosecondDuration(.seconds(2))])
        #expect(info.config.maxDeliver == -1)
        #expect(info.config.replicas == 0)
        #expect(info.delivered == ConsumerInfo.SequenceInfo(consumerSequence: 4, streamSequence: 9))
        #expect(info.ackFloor.streamSequence == 8)
        #expect(info.ackPending == 1)
        #expect(info.waiting == 2)
        #expect(info.pending == 17)
    }

    @Test func unknownPolicyValuesRoundTrip() throws {
        let json = #"{"ack_policy":"flexible","deliver_policy":"by_start_time","replay_policy":"fast"}"#
        let config = try JSONDecoder().decode(ConsumerConfig.self, from: Data(json.utf8))
        #expect(config.ackPolicy?.rawValue == "flexible")
        #expect(config.deliverPolicy?.rawValue == "by_start_time")
        #expect(config.replayPolicy?.rawValue == "fast")
        #expect(try sortedJSON(config) == json)
    }

    @Test func createRequestWrapsTheConfig() throws {
        let request = CreateConsumerRequest(streamName: "ORDERS", config: ConsumerConfig(durableName: "w"), action: "create")
        #expect(try sortedJSON(request) == #"{"action":"create","config":{"ack_policy":"explicit","durable_name":"w","name":"w"},"stream_name":"ORDERS"}"#)
        let upsert = CreateConsumerRequest(streamName: "ORDERS", config: ConsumerConfig(ackPolicy: nil), action: nil)
        #expect(try sortedJSON(upsert) == #"{"config":{},"stream_name":"ORDERS"}"#)
    }
}
