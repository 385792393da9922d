import NIOCore
import NATS
import TestSupport
import Testing
import Wire

@Suite struct JetStreamReadTests {
    @Test func replayReadsEverySubjectMessageInBatches() async throws {
        try await NATSServer.withServer { server in
            try await replayScenario(server, allowDirect: true)
        }
    }

    @Test func replayWithoutDirectGetFallsBackToLeaderGets() async throws {
        try await NATSServer.withServer { server in
            try await replayScenario(server, allowDirect: false)
        }
    }

    @Test(.enabled(if: debianServerInstalled, "Debian's nats-server 2.9.10 is not installed"))
    func replayOnDebianServer() async throws {
        try await NATSServer.withServer(debianOptions()) { server in
            try await replayScenario(server, allowDirect: true)
        }
    }

    private func replayScenario(_ server: NATSServer, allowDirect: Bool) async throws {
        try await withJetStream(server) { js, _ in
            _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]) { $0.allowDirect = allowDirect })
            // 250 messages for aggregate a, interleaved with others.
            for i in 0..<500 {
                let subject = i.isMultiple(of: 2) ? "events.a.\(i)" : "events.b.\(i)"
                _ = try await js.publishAsync(ByteBuffer(string: "\(i)"), to: subject, options: .init(headers: ["Event-Type": "T\(i)"]))
            }
            try await js.publisher().waitForAcks()
            var seen: [StoredMessage] = []
            for try await message in try await js.messages(stream: "E", subject: "events.a.>", batchSize: 64) {
                seen.append(message)
            }
            #expect(seen.count == 250)
            #expect(seen.map(\.sequence) == Array(stride(from: UInt64(1), through: 499, by: 2)))
            #expect(seen.first?.payload.text == "0")
            #expect(seen.first?.headers?["Event-Type"] == "T0")
            #expect(seen.last?.subject == "events.a.498")
            // From a later sequence, and a filter with nothing.
            var tail: [UInt64] = []
            for try await message in try await js.messages(stream: "E", subject: "events.a.>", from: 400) { tail.append(message.sequence) }
            #expect(tail == Array(stride(from: UInt64(401), through: 499, by: 2)))
            var none = 0
            for try await _ in try await js.messages(stream: "E", subject: "events.zzz") { none += 1 }
            #expect(none == 0)
        }
    }

    /// A replay left with `break` (and a fetch) leave no subscription behind.
    @Test func abandonedReplayReleasesItsInbox() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, client in
                _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]) { $0.allowDirect = true })
                for i in 0..<50 { _ = try await js.publishAsync(ByteBuffer(string: "\(i)"), to: "events.a") }
                try await js.publisher().waitForAcks()
                let before = client.subscriptionCount
                for _ in 0..<3 {
                    for try await message in try await js.messages(stream: "E", subject: "events.a", batchSize: 10) where message.sequence == 5 {
                        break
                    }
                }
                try await eventuallyAsync("the replay inboxes are gone") { client.subscriptionCount == before }
            }
        }
    }

    @Test func getsBySequenceAndLastBySubject() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.ensureStream(testStream("E", subjects: ["events.>"]) { $0.allowDirect = true })
                _ = try await js.publish(ByteBuffer(string: "one"), to: "events.a", options: .init(headers: ["K": "v"]))
                _ = try await js.publish(ByteBuffer(string: "two"), to: "events.a")
                _ = try await js.publish(ByteBuffer(string: "three"), to: "events.b")
                let leader = try await js.getMessage(stream: "E", sequence: 1)
                #expect(leader.payload.text == "one")
                #expect(leader.headers?["K"] == "v")
                #expect(try await js.getLastMessage(stream: "E", subject: "events.a").sequence == 2)
                let direct = try await js.directGet(stream: "E", sequence: 3)
                #expect(direct.subject == "events.b")
                #expect(direct.payload.text == "three")
                let last = try await js.directGetLast(stream: "E", subject: "events.a")
                #expect(last.sequence == 2)
                #expect(last.payload.text == "two")
                let missing = await #expect(throws: JetStreamError.self) { try await js.getMessage(stream: "E", sequence: 99) }
                #expect(missing?.code == .messageNotFound)
                let directMissing = await #expect(throws: JetStreamError.self) { try await js.directGetLast(stream: "E", subject: "events.none") }
                #expect(directMissing?.code == .messageNotFound)
            }
        }
    }
}
