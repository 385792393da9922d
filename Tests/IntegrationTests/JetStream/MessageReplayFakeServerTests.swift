import Foundation
import NIOCore
import NIOPosix
import NATS
import Synchronization
import TestSupport
import Testing
import Wire

/// `MessageReplay` against batched direct-get replies a real server does not send on demand: an
/// end-of-batch status (204 EOB) without `Nats-Num-Pending`, or with an unreadable one.
///
/// The JetStream API of domain `fake` (`$JS.fake.API.`) is answered by the test on a real
/// server: requests arrive on a core subscription, and the replies go out over a raw protocol
/// connection, since a status line (`NATS/1.0 204 EOB`) cannot be written with the client's
/// headers. All replies to one request leave in one write on that one connection, so they arrive
/// in order.
@Suite struct MessageReplayFakeServerTests {
    @Test func endOfBatchWithoutPendingContinuesFromTheNextSequence() async throws {
        try await withFakeDirectGet { sequence in
            switch sequence {
            case 1: FakeReply.messages(1...3) + FakeReply.endOfBatch(extraHeaders: "Nats-Last-Sequence: 3\r\n")
            case 4: FakeReply.messages(4...5) + FakeReply.endOfBatch(extraHeaders: "Nats-Num-Pending: 0\r\nNats-Last-Sequence: 5\r\n")
            default: FakeReply.notFound
            }
        } _: { js, requests in
            var seen: [StoredMessage] = []
            for try await message in try await js.messages(stream: "FAKE", subject: "fake.>", batchSize: 3) {
                seen.append(message)
            }
            #expect(seen.map(\.sequence) == [1, 2, 3, 4, 5])
            #expect(seen.map(\.payload.text) == ["m1", "m2", "m3", "m4", "m5"])
            #expect(seen.map(\.subject) == Array(repeating: "fake.a", count: 5))
            #expect(requests.sequences == [1, 4], "the second batch starts after the last message received")
        }
    }

    @Test func endOfBatchWithoutPendingThenNotFoundEndsTheReplay() async throws {
        try await withFakeDirectGet { sequence in
            sequence == 1 ? FakeReply.messages(1...3) + FakeReply.endOfBatch() : FakeReply.notFound
        } _: { js, requests in
            var seen: [UInt64] = []
            for try await message in try await js.messages(stream: "FAKE", subject: "fake.>", batchSize: 3) {
                seen.append(message.sequence)
            }
            #expect(seen == [1, 2, 3])
            #expect(requests.sequences == [1, 4])
        }
    }

    @Test func unreadablePendingCountFailsTheReplay() async throws {
        try await withFakeDirectGet { sequence in
            sequence == 1 ? FakeReply.messages(1...3) + FakeReply.endOfBatch(extraHeaders: "Nats-Num-Pending: x\r\n") : FakeReply.notFound
        } _: { js, requests in
            var seen: [UInt64] = []
            let error = await #expect(throws: JetStreamError.self) {
                for try await message in try await js.messages(stream: "FAKE", subject: "fake.>", batchSize: 3) {
                    seen.append(message.sequence)
                }
            }
            #expect(error?.code == .invalidResponse)
            #expect(seen == [1, 2, 3], "the messages before the broken end of batch were delivered")
            #expect(requests.sequences == [1])
        }
    }

    @Test func emptyBatchWithoutPendingFailsTheReplay() async throws {
        try await withFakeDirectGet { sequence in
            sequence == 1 ? FakeReply.endOfBatch() : FakeReply.notFound
        } _: { js, requests in
            var seen = 0
            let error = await #expect(throws: JetStreamError.self) {
                for try await _ in try await js.messages(stream: "FAKE", subject: "fake.>", batchSize: 3) { seen += 1 }
            }
            #expect(error?.code == .invalidResponse)
            #expect(seen == 0)
            #expect(requests.sequences == [1], "an empty batch without a count is not asked again")
        }
    }

    /// Runs `body` with a `JetStream` of domain `fake` whose API a responder answers: account
    /// info at API level 1, stream `FAKE` with `allow_direct`, and each `DIRECT.GET.FAKE` request
    /// with `script(start sequence)`.
    private func withFakeDirectGet(
        _ script: @escaping @Sendable (UInt64) -> String,
        _ body: (JetStream, DirectGetLog) async throws -> Void
    ) async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                let raw = try await RawNATSConnection.connect(port: server.port)
                let requests = try await client.subscribe(to: "$JS.fake.API.>")
                try await client.flush()
                let log = DirectGetLog()
                let responder = Task {
                    for try await request in requests {
                        guard let reply = request.replyToString else { continue }
                        switch request.subjectString {
                        case "$JS.fake.API.INFO":
                            try await raw.send(FakeReply.publish(to: reply, FakeReply.accountInfo))
                        case "$JS.fake.API.STREAM.INFO.FAKE":
                            try await raw.send(FakeReply.publish(to: reply, FakeReply.streamInfo))
                        case "$JS.fake.API.DIRECT.GET.FAKE":
                            let sequence = try JSONDecoder().decode(DirectGetBody.self, from: Data(request.payload.readableBytesView)).seq
                            log.append(sequence)
                            try await raw.send(FakeReply.replies(to: reply, script(sequence)))
                        default:
                            Issue.record("unexpected request on \(request.subjectString)")
                        }
                    }
                }
                do {
                    let js = try JetStream(client: client, domain: "fake", timeout: .seconds(5))
                    try await body(js, log)
                } catch {
                    responder.cancel()
                    try? await requests.unsubscribe()
                    await raw.close()
                    throw error
                }
                responder.cancel()
                try await requests.unsubscribe()
                await raw.close()
            }
        }
    }
}

/// The start sequences of the direct-get requests the fake responder answered.
final class DirectGetLog: Sendable {
    private let entries = Mutex<[UInt64]>([])
    func append(_ sequence: UInt64) { entries.withLock { $0.append(sequence) } }
    var sequences: [UInt64] { entries.withLock { $0 } }
}

private struct DirectGetBody: Decodable {
    var seq: UInt64
}

/// Replies of the fake JetStream API, as protocol text. A direct-get reply script is a list of
/// frames `<header block>\u{0}<payload>` joined by `\u{1}`, turned into `HPUB`s to the reply
/// subject by `replies(to:_:)`.
enum FakeReply {
    static let accountInfo = #"{"memory":0,"storage":0,"streams":1,"consumers":0,"api":{"level":1,"total":0,"errors":0}}"#
    static let streamInfo = #"""
        {"config":{"name":"FAKE","subjects":["fake.>"],"storage":"memory","allow_direct":true},\#
        "state":{"messages":5,"bytes":10,"first_seq":1,"last_seq":5,"consumer_count":0},\#
        "created":"2025-01-01T00:00:00Z"}
        """#

    /// Stored messages `sequences` on `fake.a`, payload `m<sequence>`, with a direct get's headers.
    static func messages(_ sequences: ClosedRange<UInt64>) -> String {
        sequences.map { sequence in
            "NATS/1.0\r\nNats-Stream: FAKE\r\nNats-Subject: fake.a\r\nNats-Sequence: \(sequence)\r\n"
                + "Nats-Time-Stamp: 2025-01-01T00:00:0\(sequence)Z\r\n\r\n\u{0}m\(sequence)\u{1}"
        }.joined()
    }

    /// `NATS/1.0 204 EOB` with `extraHeaders` (each `Key: value\r\n`), no payload.
    static func endOfBatch(extraHeaders: String = "") -> String {
        "NATS/1.0 204 EOB\r\n\(extraHeaders)\r\n\u{0}\u{1}"
    }

    static let notFound = "NATS/1.0 404 Message Not Found\r\n\r\n\u{0}\u{1}"

    static func publish(to subject: String, _ payload: String) -> String {
        "PUB \(subject) \(payload.utf8.count)\r\n\(payload)\r\n"
    }

    static func replies(to subject: String, _ script: String) -> String {
        script.split(separator: "\u{1}").map { frame in
            let parts = frame.split(separator: "\u{0}", omittingEmptySubsequences: false)
            let headers = parts[0]
            let payload = parts.count > 1 ? parts[1] : ""
            let headerLength = headers.utf8.count
            return "HPUB \(subject) \(headerLength) \(headerLength + payload.utf8.count)\r\n\(headers)\(payload)\r\n"
        }.joined()
    }
}

/// A bare protocol connection to a server: CONNECT (with headers), then whatever the test writes.
/// Answers the server's PINGs; ignores everything else it receives.
final class RawNATSConnection: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    static func connect(port: Int) async throws -> RawNATSConnection {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let ready = loop.makePromise(of: Void.self)
        let channel = try await ClientBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(RawHandler(ready: ready)) }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        let connection = RawNATSConnection(channel: channel)
        try await connection.send(#"CONNECT {"verbose":false,"pedantic":false,"headers":true,"protocol":1,"name":"fake-jetstream"}"# + "\r\nPING\r\n")
        // The PONG says the server has processed the CONNECT.
        try await ready.futureResult.get()
        return connection
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    func close() async {
        try? await channel.close()
    }
}

private final class RawHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private let ready: EventLoopPromise<Void>
    private var received = ""
    private var isReady = false

    init(ready: EventLoopPromise<Void>) { self.ready = ready }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += String(buffer: unwrapInboundIn(data))
        while let end = received.range(of: "\r\n") {
            let line = received[..<end.lowerBound]
            received = String(received[end.upperBound...])
            if line == "PING" {
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "PONG\r\n")), promise: nil)
            } else if line == "PONG", !isReady {
                isReady = true
                ready.succeed(())
            } else if line.hasPrefix("-ERR"), !isReady {
                isReady = true
                ready.fail(RawConnectionError(line: String(line)))
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !isReady {
            isReady = true
            ready.fail(RawConnectionError(line: "connection closed"))
        }
    }
}

struct RawConnectionError: Error {
    var line: String
}
