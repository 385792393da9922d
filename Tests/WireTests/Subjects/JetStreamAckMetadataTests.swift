import NIOCore
import Testing
import Wire

/// The error `body` throws, or `nil`.
private func thrownError(_ body: () throws -> Void) -> NATSProtocolError? {
    do {
        try body()
        return nil
    } catch {
        return error as? NATSProtocolError
    }
}

@Suite struct JetStreamAckMetadataTests {
    @Test func parsesV1() throws {
        let metadata = try JetStreamAckMetadata(replySubject: "$JS.ACK.ORDERS.worker.1.42.17.1700000000123456789.3")
        #expect(metadata == JetStreamAckMetadata(
            stream: "ORDERS", consumer: "worker", delivered: 1, streamSequence: 42, consumerSequence: 17,
            timestamp: 1_700_000_000_123_456_789, pending: 3
        ))
        #expect(metadata.domain == nil)
        #expect(metadata.accountHash == nil)
        #expect(!metadata.isRedelivery)
    }

    @Test func parsesV2WithPlaceholderDomain() throws {
        let metadata = try JetStreamAckMetadata(replySubject: "$JS.ACK._.ACCHASH1.ORDERS.worker.2.42.17.1700000000123456789.0")
        #expect(metadata.domain == nil)
        #expect(metadata.accountHash == "ACCHASH1")
        #expect(metadata.stream == "ORDERS")
        #expect(metadata.consumer == "worker")
        #expect(metadata.delivered == 2)
        #expect(metadata.isRedelivery)
        #expect(metadata.pending == 0)
    }

    @Test func parsesV2WithDomainAndExtraTokens() throws {
        let metadata = try JetStreamAckMetadata(replySubject: "$JS.ACK.hub.AbC9.S.C.5.100.99.1.7.x8Kq2mZ")
        #expect(metadata == JetStreamAckMetadata(
            domain: "hub", accountHash: "AbC9", stream: "S", consumer: "C", delivered: 5, streamSequence: 100,
            consumerSequence: 99, timestamp: 1, pending: 7
        ))
        let more = try JetStreamAckMetadata(replySubject: "$JS.ACK.hub.AbC9.S.C.5.100.99.1.7.r1.r2.r3")
        #expect(more == metadata)
    }

    @Test func parsesFromAByteBufferSlice() throws {
        var buffer = ByteBuffer(string: "xx$JS.ACK.S.C.1.2.3.4.5yy")
        buffer.moveReaderIndex(forwardBy: 2)
        let slice = buffer.getSlice(at: buffer.readerIndex, length: buffer.readableBytes - 2)!
        let metadata = try JetStreamAckMetadata(replySubject: slice)
        #expect(metadata.stream == "S")
        #expect(metadata.pending == 5)
        #expect(slice.readableBytes == 21)
    }

    @Test func acceptsLimits() throws {
        let metadata = try JetStreamAckMetadata(
            replySubject: "$JS.ACK.S.C.18446744073709551615.18446744073709551615.0.9223372036854775807.18446744073709551615"
        )
        #expect(metadata.delivered == .max)
        #expect(metadata.streamSequence == .max)
        #expect(metadata.consumerSequence == 0)
        #expect(metadata.timestamp == .max)
        #expect(metadata.pending == .max)
    }

    @Test(arguments: [
        "$JS.ACK.d.h.S.C.1.2.3.4",  // 10 tokens
        "$JS.ACK.S.C.1.2.3.4",  // 8 tokens
        "$JS.ACK.S.C.1.2.3.4.5.6",  // 10 tokens
        "$JS.ACK",
        "$JS.ACK.",
        "",
        "$JS.ACC.S.C.1.2.3.4.5",
        "$js.ack.S.C.1.2.3.4.5",
        "JS.ACK.S.C.1.2.3.4.5.6",
        "$JS.FC.S.C.1.2.3.4.5",
        "_INBOX.abc.1.2.3.4.5.6.7",
        "$JS.ACK.S.C.1.2.3.4.5.",  // trailing dot: 10 tokens, last empty
        "$JS.ACK..C.1.2.3.4.5",  // empty stream
        "$JS.ACK.S..1.2.3.4.5",
        "$JS.ACK.d.h.S.C.1.2.3.4.5.",  // v2 with an empty extra token
        "$JS.ACK.d..S.C.1.2.3.4.5",
    ])
    func rejectsBadShapes(_ subject: String) {
        #expect(thrownError { _ = try JetStreamAckMetadata(replySubject: subject) }?.code == .invalidAckSubject)
        #expect(thrownError { _ = try JetStreamAckMetadata(replySubject: ByteBuffer(string: subject)) }?.code == .invalidAckSubject)
    }

    @Test(arguments: [
        "$JS.ACK.S.C.x.2.3.4.5", "$JS.ACK.S.C.1.-2.3.4.5", "$JS.ACK.S.C.1.2.+3.4.5", "$JS.ACK.S.C.1.2.3.4.5x",
        "$JS.ACK.S.C.1.2.3.4.0x5", "$JS.ACK.S.C.1.2.3. 4.5", "$JS.ACK.S.C.1.2.3.4.1e3", "$JS.ACK.S.C.1.2.3.-4.5",
        "$JS.ACK.S.C.18446744073709551616.2.3.4.5", "$JS.ACK.S.C.1.2.3.9223372036854775808.5",
        "$JS.ACK.S.C.1.2.3.4.99999999999999999999999", "$JS.ACK.d.h.S.C.1.2.3.4.x.r",
    ])
    func rejectsBadNumbers(_ subject: String) {
        let error = thrownError { _ = try JetStreamAckMetadata(replySubject: subject) }
        #expect(error?.code == .invalidAckSubject)
        #expect(error?.detail.contains("\"\(subject)\"") == true)
    }

    @Test func errorsSayWhatIsWrong() {
        let tokens = thrownError { _ = try JetStreamAckMetadata(replySubject: "$JS.ACK.d.h.S.C.1.2.3.4") }
        #expect(tokens?.detail == #"10 tokens (expected 9, or 11 or more) in ack subject "$JS.ACK.d.h.S.C.1.2.3.4""#)
        let number = thrownError { _ = try JetStreamAckMetadata(replySubject: "$JS.ACK.S.C.1.2.x.4.5") }
        #expect(number?.detail == #"consumer sequence is not a number in ack subject "$JS.ACK.S.C.1.2.x.4.5""#)
    }
}
