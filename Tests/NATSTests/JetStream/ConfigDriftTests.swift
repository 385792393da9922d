import Foundation
import NIOCore
import Testing

@testable import NATS

@Suite struct ConfigDriftTests {
    private func config(_ change: (inout StreamConfig) -> Void = { _ in }) -> StreamConfig {
        var config = StreamConfig(name: "ORDERS", subjects: ["orders.>"], storage: .file)
        change(&config)
        return config
    }

    private func drift(wanted: (inout StreamConfig) -> Void, current: (inout StreamConfig) -> Void) throws -> ConfigDrift {
        try ConfigDrift(wanted: config(wanted), current: config(current))
    }

    @Test func equalConfigsHaveNoDrift() throws {
        let full = config {
            $0.retention = .limits
            $0.maxAge = NanosecondDuration(.seconds(3600))
            $0.maxMessages = 1000
            $0.discard = .new
            $0.replicas = 3
            $0.denyDelete = true
            $0.metadata = ["owner": "billing"]
        }
        let drift = try ConfigDrift(wanted: full, current: full)
        #expect(drift.fields.isEmpty)
        #expect(drift.incompatible.isEmpty)
    }

    @Test func fieldsTheWantedConfigLeavesUnsetAreIgnored() throws {
        let drift = try drift(wanted: { _ in }, current: {
            $0.maxAge = NanosecondDuration(.seconds(3600))
            $0.retention = .interest
            $0.denyPurge = true
            $0.description = "set by an operator"
        })
        #expect(drift.fields.isEmpty)
    }

    @Test func zeroAndMinusOneAreBothNoLimit() throws {
        #expect(try drift(wanted: { $0.maxMessages = 0 }, current: { $0.maxMessages = -1 }).fields.isEmpty)
        #expect(try drift(wanted: { $0.maxMessages = -1 }, current: { $0.maxMessages = 0 }).fields.isEmpty)
        #expect(try drift(wanted: { $0.maxBytes = -1 }, current: { _ in }).fields.isEmpty)
        #expect(try drift(wanted: { $0.maxMessagesPerSubject = 0 }, current: { $0.maxMessagesPerSubject = -1 }).fields.isEmpty)
        #expect(try drift(wanted: { $0.maxMessageSize = -1 }, current: { $0.maxMessageSize = 0 }).fields.isEmpty)
        #expect(try drift(wanted: { $0.maxConsumers = 0 }, current: { $0.maxConsumers = -1 }).fields.isEmpty)
    }

    @Test func aRealLimitChangeIsCompatibleDrift() throws {
        let drift = try drift(wanted: { $0.maxMessages = 100 }, current: { $0.maxMessages = -1 })
        #expect(drift.fields.map(\.field) == ["max_msgs"])
        #expect(drift.fields.first?.wanted == "100")
        #expect(drift.fields.first?.current == "-1")
        #expect(drift.incompatible.isEmpty)
    }

    @Test func zeroIsNotNoLimitForDurations() throws {
        // max_age 0 means "no limit" too, but the comparison is plain: 0 vs 0 is equal.
        #expect(try drift(wanted: { $0.maxAge = 0 }, current: { $0.maxAge = 0 }).fields.isEmpty)
        #expect(try drift(wanted: { $0.maxAge = 0 }, current: { _ in }).fields.isEmpty)
        let changed = try drift(wanted: { $0.maxAge = NanosecondDuration(.seconds(2)) }, current: { $0.maxAge = 0 })
        #expect(changed.fields.map(\.field) == ["max_age"])
        #expect(changed.fields.first?.wanted == "2000000000")
        #expect(changed.incompatible.isEmpty)
    }

    @Test func replicasZeroMeansOne() throws {
        #expect(try drift(wanted: { $0.replicas = 0 }, current: { $0.replicas = 1 }).fields.isEmpty)
        #expect(try drift(wanted: { $0.replicas = 1 }, current: { _ in }).fields.isEmpty)
        let scaled = try drift(wanted: { $0.replicas = 3 }, current: { $0.replicas = 1 })
        #expect(scaled.fields.map(\.field) == ["num_replicas"])
        #expect(scaled.incompatible.isEmpty)
    }

    @Test func serverAddedMetadataIsNoDrift() throws {
        let drift = try drift(
            wanted: { $0.metadata = ["owner": "billing"] },
            current: { $0.metadata = ["owner": "billing", "_nats.req.level": "0", "_nats.ver": "2.11.0", "_nats.level": "1"] }
        )
        #expect(drift.fields.isEmpty)
        #expect(try self.drift(wanted: { $0.metadata = [:] }, current: { $0.metadata = ["_nats.ver": "2.11.0"] }).fields.isEmpty)
    }

    @Test func changedOrMissingMetadataIsCompatibleDrift() throws {
        let changed = try drift(wanted: { $0.metadata = ["owner": "billing"] }, current: { $0.metadata = ["owner": "sales", "_nats.ver": "2.11.0"] })
        #expect(changed.fields.map(\.field) == ["metadata"])
        #expect(changed.incompatible.isEmpty)
        let missing = try drift(wanted: { $0.metadata = ["owner": "billing"] }, current: { _ in })
        #expect(missing.fields.map(\.field) == ["metadata"])
        #expect(missing.fields.first?.current == "unset")
    }

    @Test func subjectsChangeIsCompatibleDrift() throws {
        let drift = try drift(wanted: { $0.subjects = ["orders.>", "refunds.>"] }, current: { _ in })
        #expect(drift.fields.map(\.field) == ["subjects"])
        #expect(drift.fields.first?.wanted == #"["orders.>","refunds.>"]"#)
        #expect(drift.fields.first?.current == #"["orders.>"]"#)
        #expect(drift.incompatible.isEmpty)
    }

    @Test func subjectOrderCounts() throws {
        let drift = try drift(wanted: { $0.subjects = ["b", "a"] }, current: { $0.subjects = ["a", "b"] })
        #expect(drift.fields.map(\.field) == ["subjects"])
    }

    @Test func storageChangeIsIncompatible() throws {
        let drift = try drift(wanted: { $0.storage = .memory }, current: { $0.storage = .file })
        #expect(drift.fields.map(\.field) == ["storage"])
        #expect(drift.incompatible.map(\.field) == ["storage"])
        #expect(drift.incompatible.first?.wanted == #""memory""#)
        #expect(drift.incompatible.first?.current == #""file""#)
    }

    @Test func retentionToOrFromWorkQueueIsIncompatible() throws {
        let toWorkQueue = try drift(wanted: { $0.retention = .workQueue }, current: { $0.retention = .limits })
        #expect(toWorkQueue.incompatible.map(\.field) == ["retention"])
        let fromWorkQueue = try drift(wanted: { $0.retention = .interest }, current: { $0.retention = .workQueue })
        #expect(fromWorkQueue.incompatible.map(\.field) == ["retention"])
        let limitsToInterest = try drift(wanted: { $0.retention = .interest }, current: { $0.retention = .limits })
        #expect(limitsToInterest.fields.map(\.field) == ["retention"])
        #expect(limitsToInterest.incompatible.isEmpty)
    }

    @Test func cancellingDenyDeleteIsIncompatibleButSettingItIsNot() throws {
        let cancel = try drift(wanted: { $0.denyDelete = false }, current: { $0.denyDelete = true })
        #expect(cancel.fields.map(\.field) == ["deny_delete"])
        #expect(cancel.incompatible.map(\.field) == ["deny_delete"])
        let set = try drift(wanted: { $0.denyDelete = true }, current: { _ in })
        #expect(set.fields.map(\.field) == ["deny_delete"])
        #expect(set.fields.first?.current == "unset")
        #expect(set.incompatible.isEmpty)
        let setFromFalse = try drift(wanted: { $0.denyDelete = true }, current: { $0.denyDelete = false })
        #expect(setFromFalse.incompatible.isEmpty)
    }

    @Test func cancellingDenyPurgeOrMessageTTLIsIncompatible() throws {
        #expect(try drift(wanted: { $0.denyPurge = false }, current: { $0.denyPurge = true }).incompatible.map(\.field) == ["deny_purge"])
        #expect(try drift(wanted: { $0.allowMessageTTL = false }, current: { $0.allowMessageTTL = true }).incompatible.map(\.field) == ["allow_msg_ttl"])
        #expect(try drift(wanted: { $0.allowMessageTTL = true }, current: { _ in }).incompatible.isEmpty)
        // Other flags can be turned off by an update.
        let direct = try drift(wanted: { $0.allowDirect = false }, current: { $0.allowDirect = true })
        #expect(direct.fields.map(\.field) == ["allow_direct"])
        #expect(direct.incompatible.isEmpty)
    }

    @Test func aFlagWantedFalseAndAbsentOnTheServerIsNoDrift() throws {
        let drift = try drift(wanted: {
            $0.allowDirect = false
            $0.allowRollupHeaders = false
            $0.denyDelete = false
            $0.denyPurge = false
            $0.discardNewPerSubject = false
            $0.allowAtomic = false
            $0.allowMessageTTL = false
        }, current: { _ in })
        #expect(drift.fields.isEmpty)
    }

    @Test func stringOptionsCompareByValue() throws {
        #expect(try drift(wanted: { $0.discard = .new }, current: { $0.discard = .new }).fields.isEmpty)
        let discard = try drift(wanted: { $0.discard = .new }, current: { $0.discard = .old })
        #expect(discard.fields.map(\.field) == ["discard"])
        #expect(discard.incompatible.isEmpty)
        let description = try drift(wanted: { $0.description = "orders" }, current: { _ in })
        #expect(description.fields.map(\.field) == ["description"])
    }

    @Test func fieldsAreSortedByKeyAndNameIsSkipped() throws {
        let drift = try ConfigDrift(
            wanted: config {
                $0.subjects = ["x"]
                $0.maxAge = NanosecondDuration(.seconds(1))
                $0.storage = .memory
                $0.denyDelete = false
            },
            current: StreamConfig(name: "OTHER", subjects: ["y"], storage: .file)
        )
        #expect(drift.fields.map(\.field) == ["max_age", "storage", "subjects"])
        #expect(drift.incompatible.map(\.field) == ["storage"])
    }

    // MARK: mergedUpdate

    static let infoReply = #"""
        {"type":"io.nats.jetstream.api.v1.stream_info_response","created":"2025-01-01T00:00:00Z",
         "config":{"name":"ORDERS","subjects":["orders.>"],"retention":"limits","storage":"file","max_age":0,
           "max_msgs":-1,"num_replicas":1,"republish":{"src":">","dest":"x.>"},"sealed":false},
         "state":{"messages":0,"bytes":0,"first_seq":0,"last_seq":0,"consumer_count":0}}
        """#

    @Test func mergedUpdateKeepsUnmodelledKeysAndOverlaysWantedOnes() throws {
        let wanted = config {
            $0.subjects = ["orders.>", "refunds.>"]
            $0.maxAge = NanosecondDuration(.seconds(2))
        }
        let drift = try ConfigDrift(wanted: wanted, current: config())
        #expect(drift.fields.map(\.field) == ["max_age", "subjects"])
        let body = try drift.mergedUpdate(currentReply: ByteBuffer(string: Self.infoReply))
        let text = String(buffer: body)
        #expect(text == """
            {"max_age":2000000000,"max_msgs":-1,"name":"ORDERS","num_replicas":1,"republish":{"dest":"x.>","src":">"},\
            "retention":"limits","sealed":false,"storage":"file","subjects":["orders.>","refunds.>"]}
            """)
        // Whatever the text, the body must decode as a configuration with both parts.
        let decoded = try JSONDecoder().decode(StreamConfig.self, from: Data(body.readableBytesView))
        #expect(decoded.maxAge == NanosecondDuration(.seconds(2)))
        #expect(decoded.subjects == ["orders.>", "refunds.>"])
        #expect(decoded.retention == .limits)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
        let republish = try #require(object["republish"] as? [String: String])
        #expect(republish == ["src": ">", "dest": "x.>"])
    }

    @Test func mergedUpdateReadsTheReadableBytesOfASlice() throws {
        var buffer = ByteBuffer(string: "PREFIX" + Self.infoReply)
        buffer.moveReaderIndex(forwardBy: 6)
        let drift = try ConfigDrift(wanted: config { $0.maxMessages = 10 }, current: config())
        let body = try drift.mergedUpdate(currentReply: buffer)
        let decoded = try JSONDecoder().decode(StreamConfig.self, from: Data(body.readableBytesView))
        #expect(decoded.maxMessages == 10)
        #expect(String(buffer: body).contains(#""republish":{"dest":"x.>","src":">"}"#))
    }

    @Test func mergedUpdateNeedsAConfiguration() throws {
        let drift = try ConfigDrift(wanted: config(), current: config())
        for reply in ["", "not json", #"{"error":{"code":404,"err_code":10059,"description":"stream not found"}}"#, #"{"config":[1]}"#] {
            let error = #expect(throws: JetStreamError.self, "\(reply)") { _ = try drift.mergedUpdate(currentReply: ByteBuffer(string: reply)) }
            #expect(error?.code == .invalidResponse, "\(reply)")
        }
    }

    // MARK: Encoding failures

    private struct Unencodable: Encodable {
        struct Refusal: Error {}
        func encode(to encoder: any Encoder) throws { throw Refusal() }
    }

    @Test func aConfigurationThatCannotBeEncodedIsAnErrorNotAnEmptyDrift() {
        let error = #expect(throws: JetStreamError.self) { _ = try ConfigDrift(wanted: Unencodable(), current: Unencodable()) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.underlying is Unencodable.Refusal)
    }
}
