import NIOCore
import Testing

@testable import NATS

@Suite struct ServerVersionTests {
    @Test func parses() throws {
        #expect(ServerVersion("2.15.1") == ServerVersion(2, 15, 1))
        #expect(ServerVersion("v2.10.4") == ServerVersion(2, 10, 4))
        #expect(ServerVersion("2.15.0-dev") == ServerVersion(2, 15, 0))
        #expect(ServerVersion("2.11.0-RC.3") == ServerVersion(2, 11, 0))
        #expect(ServerVersion("2.9") == ServerVersion(2, 9, 0))
        #expect(ServerVersion("10.20.30") == ServerVersion(10, 20, 30))
        let version = try #require(ServerVersion("v2.10.4"))
        #expect(version.major == 2)
        #expect(version.minor == 10)
        #expect(version.patch == 4)
        #expect(version.description == "2.10.4")
        #expect(ServerVersion("2.9")?.description == "2.9.0")
    }

    @Test(arguments: ["abc", "", "v", "2", "2.", "v.1", "x2.10.4", "-2.10.4", "2.x.1"])
    func rejects(_ text: String) {
        #expect(ServerVersion(text) == nil)
    }

    @Test func ordersNumerically() throws {
        let ordered = ["2.2.0", "2.9.10", "2.9.25", "2.10.0", "2.10.4", "2.11.0", "2.12.1", "3.0.0"].map { ServerVersion($0)! }
        #expect(ordered.sorted() == ordered)
        #expect(ordered.shuffled().sorted() == ordered)
        #expect(ServerVersion(2, 9, 10) < ServerVersion(2, 10, 4))
        #expect(ServerVersion(2, 10, 4) > ServerVersion(2, 10, 3))
        #expect(ServerVersion(2, 10, 4) <= ServerVersion(2, 10, 4))
        #expect(!(ServerVersion(2, 10, 4) < ServerVersion(2, 10, 4)))
        #expect(ServerVersion(1, 99, 99) < ServerVersion(2, 0, 0))
        #expect(ServerVersion("2.15.0-dev") == ServerVersion("2.15.0"))
    }
}

@Suite struct JetStreamFeaturesTests {
    @Test func apiLevelZero() {
        let features = JetStreamFeatures(apiLevel: 0, serverVersion: ServerVersion(2, 10, 22))
        #expect(!features.atomicBatch)
        #expect(!features.batchedDirectGet)
        #expect(!features.lastSubjectSequenceSubject)
        #expect(!features.messageTTL)
        #expect(!features.strictJSON)
    }

    @Test func apiLevelOne() {
        let features = JetStreamFeatures(apiLevel: 1, serverVersion: ServerVersion(2, 11, 0))
        #expect(!features.atomicBatch)
        #expect(features.batchedDirectGet)
        #expect(features.lastSubjectSequenceSubject)
        #expect(features.messageTTL)
        #expect(!features.strictJSON)
    }

    @Test(arguments: [2, 4])
    func apiLevelTwoAndLater(_ level: Int) {
        let features = JetStreamFeatures(apiLevel: level, serverVersion: ServerVersion(2, 12, 0))
        #expect(features.atomicBatch)
        #expect(features.batchedDirectGet)
        #expect(features.lastSubjectSequenceSubject)
        #expect(features.messageTTL)
        #expect(features.strictJSON)
    }

    @Test func versionGatedFeatures() {
        let old = JetStreamFeatures(apiLevel: 0, serverVersion: ServerVersion(2, 9, 10))
        #expect(!old.terminateWithReason)
        #expect(!old.consumerAction)
        let ten = JetStreamFeatures(apiLevel: 0, serverVersion: ServerVersion(2, 10, 0))
        #expect(!ten.terminateWithReason)
        #expect(ten.consumerAction)
        let tenThree = JetStreamFeatures(apiLevel: 0, serverVersion: ServerVersion(2, 10, 3))
        #expect(!tenThree.terminateWithReason)
        let tenFour = JetStreamFeatures(apiLevel: 0, serverVersion: ServerVersion(2, 10, 4))
        #expect(tenFour.terminateWithReason)
        #expect(tenFour.consumerAction)
        let unknown = JetStreamFeatures(apiLevel: 0, serverVersion: ServerVersion(0, 0, 0))
        #expect(!unknown.terminateWithReason)
        #expect(!unknown.consumerAction)
    }
}

@Suite struct PublishIDTests {
    private func id(_ subject: String, _ prefix: String = "_INBOX.abc.") -> UInt64? {
        JetStreamPublisher.publishID(in: ByteBuffer(string: subject), prefix: prefix)
    }

    @Test func readsTheNumberAfterThePrefix() {
        #expect(id("_INBOX.abc.123") == 123)
        #expect(id("_INBOX.abc.0") == 0)
        #expect(id("_INBOX.abc.007") == 7)
        #expect(id("_INBOX.abc.9999999999999999999") == 9_999_999_999_999_999_999)
    }

    @Test func wrongPrefixIsNil() {
        #expect(id("_INBOX.abd.123") == nil)
        #expect(id("_INBOX.ab.123") == nil)
        #expect(id("_inbox.abc.123") == nil)
        #expect(id("X_INBOX.abc.123") == nil)
        #expect(id("_INBOX.abc.123", "_INBOX.abc.123.") == nil)
    }

    @Test func nothingAfterThePrefixIsNil() {
        #expect(id("_INBOX.abc.") == nil)
        #expect(id("_INBOX.abc") == nil)
        #expect(id("") == nil)
    }

    @Test func nonDigitsAreNil() {
        for subject in ["_INBOX.abc.12x", "_INBOX.abc.x12", "_INBOX.abc.-1", "_INBOX.abc.+1", "_INBOX.abc.1 ", "_INBOX.abc.1.2", "_INBOX.abc.１"] {
            #expect(id(subject) == nil, "\(subject)")
        }
    }

    @Test func valuesPastUInt64AreNilNotWrapped() {
        #expect(id("_INBOX.abc.18446744073709551615") == UInt64.max)
        #expect(id("_INBOX.abc.18446744073709551616") == nil)
        #expect(id("_INBOX.abc.99999999999999999999") == nil)
        #expect(id("_INBOX.abc." + String(repeating: "1", count: 40)) == nil)
    }

    @Test func readsOnlyTheReadableBytes() {
        var buffer = ByteBuffer(string: "junk_INBOX.abc.42")
        buffer.moveReaderIndex(forwardBy: 4)
        #expect(JetStreamPublisher.publishID(in: buffer, prefix: "_INBOX.abc.") == 42)
        let slice = ByteBuffer(string: "_INBOX.abc.4242").getSlice(at: 0, length: 13)!
        #expect(JetStreamPublisher.publishID(in: slice, prefix: "_INBOX.abc.") == 42)
    }
}
