import NIOCore
import NATS
import TestSupport
import Testing
import Wire

@Suite struct KeyValueTests {
    @Test func putGetCreateUpdateDeleteHistory() async throws {
        try await NATSServer.withServer { server in
            try await kvScenario(server)
        }
    }

    @Test(.enabled(if: debianServerInstalled, "Debian's nats-server 2.9.10 is not installed"))
    func keyValueOnDebianServer() async throws {
        try await NATSServer.withServer(debianOptions()) { server in
            try await kvScenario(server)
        }
    }

    private func kvScenario(_ server: NATSServer) async throws {
        try await withJetStream(server) { js, _ in
            let kv = try await js.ensureKeyValue(KeyValueConfig(bucket: "snapshots", history: 5))
            #expect(try await kv.get("person.1") == nil)
            #expect(try await kv.keys() == [])
            let r1 = try await kv.create("person.1", ByteBuffer(string: "v1"))
            let exists = await #expect(throws: JetStreamError.self) { try await kv.create("person.1", ByteBuffer(string: "again")) }
            #expect(exists?.code == .wrongLastSequence)
            let r2 = try await kv.update("person.1", ByteBuffer(string: "v2"), revision: r1)
            let stale = await #expect(throws: JetStreamError.self) { try await kv.update("person.1", ByteBuffer(string: "v3"), revision: r1) }
            #expect(stale?.code == .wrongLastSequence)
            #expect(stale?.currentSequence == r2)
            let current = try await kv.get("person.1")
            #expect(current?.value.text == "v2")
            #expect(current?.revision == r2)
            #expect(try await kv.get("person.1", revision: r1)?.value.text == "v1")
            // Keys: those holding a value now; a deleted or purged one is not listed.
            _ = try await kv.put("person.2", ByteBuffer(string: "x"))
            _ = try await kv.put("person.3", ByteBuffer(string: "y"))
            try await kv.purge("person.3")
            #expect(try await kv.keys() == ["person.1", "person.2"])
            try await kv.delete("person.2")
            // Delete: the marker hides the value; create works again over it.
            try await kv.delete("person.1")
            #expect(try await kv.keys() == [])
            #expect(try await kv.get("person.1") == nil)
            #expect(try await kv.get("person.1", consistent: true) == nil)
            let r4 = try await kv.create("person.1", ByteBuffer(string: "reborn"))
            #expect(try await kv.get("person.1")?.revision == r4)
            let history = try await kv.history("person.1")
            #expect(history.map(\.operation) == [.put, .put, .delete, .put])
            #expect(history.map(\.value.text) == ["v1", "v2", "", "reborn"])
            // Purge drops the history but the marker.
            try await kv.purge("person.1")
            #expect(try await kv.get("person.1") == nil)
            #expect(try await kv.history("person.1").map(\.operation) == [.purge])
            // Puts overwrite; the bucket reopens by name.
            _ = try await kv.put("agent.7", ByteBuffer(string: "a"))
            let reopened = try await js.keyValue("snapshots")
            #expect(try await reopened.get("agent.7")?.value.text == "a")
            let badKey = await #expect(throws: JetStreamError.self) { try await kv.put("bad key", ByteBuffer()) }
            #expect(badKey?.code == .invalidArgument)
            let badDots = await #expect(throws: JetStreamError.self) { try await kv.get(".a..b") }
            #expect(badDots?.code == .invalidArgument)
            let missing = await #expect(throws: JetStreamError.self) { try await js.keyValue("nothere") }
            #expect(missing?.code == .streamNotFound)
        }
    }

    /// Writers race with compare-and-set on one key: each round exactly one wins, and each loser
    /// fails with `.wrongLastSequence` carrying the winner's revision.
    @Test func compareAndSetRace() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                let kv = try await js.ensureKeyValue(KeyValueConfig(bucket: "race"))
                var revision = try await kv.put("counter", ByteBuffer(string: "0"))
                for round in 1...20 {
                    let base = revision
                    let results = await withTaskGroup(of: Result<UInt64, any Error>.self) { group in
                        for writer in 0..<4 {
                            group.addTask {
                                do {
                                    return .success(try await kv.update("counter", ByteBuffer(string: "\(round)/\(writer)"), revision: base))
                                } catch {
                                    return .failure(error)
                                }
                            }
                        }
                        var results: [Result<UInt64, any Error>] = []
                        for await result in group { results.append(result) }
                        return results
                    }
                    let winners = results.compactMap { try? $0.get() }
                    let losers = results.compactMap { result -> (any Error)? in
                        if case .failure(let error) = result { return error }
                        return nil
                    }
                    #expect(winners.count == 1, "round \(round): \(results)")
                    #expect(losers.count == 3, "round \(round): \(results)")
                    for loser in losers {
                        let error = loser as? JetStreamError
                        #expect(error?.code == .wrongLastSequence, "round \(round): \(loser)")
                        #expect(error?.currentSequence == winners.first, "round \(round): \(loser)")
                    }
                    revision = winners.first ?? revision
                }
                let last = try await kv.get("counter", consistent: true)
                #expect(last?.revision == revision)
                #expect(last?.value.text.hasPrefix("20/") == true)
            }
        }
    }

    /// A bucket whose stream does not allow direct gets (made by a tool that leaves
    /// `allow_direct` off): gets and history go to the stream leader. The direct-get API has no
    /// responder for such a stream, so every read that works here took the leader path.
    @Test func bucketWithoutDirectGetsReadsFromTheLeader() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                var config = StreamConfig(name: "KV_plain", subjects: ["$KV.plain.>"], storage: .file)
                config.maxMessagesPerSubject = 5
                config.allowRollupHeaders = true
                config.denyDelete = true
                config.discard = .new
                config.allowDirect = false
                _ = try await js.ensureStream(config)
                let kv = try await js.keyValue("plain")
                #expect(try await kv.get("k") == nil)
                let r1 = try await kv.put("k", ByteBuffer(string: "v1"))
                let r2 = try await kv.update("k", ByteBuffer(string: "v2"), revision: r1)
                let noDirect = await #expect(throws: JetStreamError.self) {
                    try await js.directGetLast(stream: "KV_plain", subject: "$KV.plain.k")
                }
                #expect(noDirect?.code == .noResponders)
                let current = try #require(try await kv.get("k"))
                #expect(current.value.text == "v2")
                #expect(current.revision == r2)
                #expect(try await kv.get("k", revision: r1)?.value.text == "v1")
                try await kv.delete("k")
                #expect(try await kv.get("k") == nil)
                let history = try await kv.history("k")
                #expect(history.map(\.operation) == [.put, .put, .delete])
                #expect(history.map(\.value.text) == ["v1", "v2", ""])
                #expect(history.map(\.revision) == [r1, r2, r2 + 1])
                let r4 = try await kv.create("k", ByteBuffer(string: "again"))
                #expect(try await kv.get("k")?.revision == r4)
            }
        }
    }
}
