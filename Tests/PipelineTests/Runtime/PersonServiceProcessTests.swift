import Foundation
import NATS
import NIOCore
import Synchronization
import TestSupport
import Testing
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// The `person-service` process under load: killed with SIGKILL and restarted, and stopped with
/// SIGTERM. Every command answered as stored must be in the stream exactly once, and each
/// aggregate's versions must have no gap.
@Suite(.serialized) struct PersonServiceProcessTests {
    /// What the requesters saw: per person, the versions answered as stored.
    /// Announces when `milestone` commands were acknowledged, so a test can act mid-burst.
    final class Acknowledged: Sendable {
        let state = Mutex<(versions: [String: [Int]], count: Int)>(([:], 0))
        let milestone: Int
        let reached = Announcements<Void>()

        init(milestone: Int) { self.milestone = milestone }

        func record(_ id: String, _ version: Int) {
            let count = state.withLock { state in
                state.versions[id, default: []].append(version)
                state.count += 1
                return state.count
            }
            if count == milestone { reached.announce(()) }
        }

        var all: [String: [Int]] { state.withLock { $0.versions } }
    }

    /// Starts the service and waits until it answers a command.
    func startService(_ server: NATSServer, _ environment: [String: String] = ["SNAPSHOT_FREQ": "5"]) async throws -> ServiceProcess {
        let service = try ServiceProcess(url: server.url, environment: environment)
        do {
            // The runtime logs "serving" once it is subscribed to its commands.
            try await service.waitForLine(containing: "serving")
        } catch {
            service.cleanUp()
            throw RuntimeTestError("person-service did not start (\(error)):\n\(service.log)")
        }
        return service
    }

    /// Workers that each create people and rename them, recording every success, until `stop`.
    func load(_ client: NATSClient, workers: Int, until stop: ContinuousClock.Instant, into acknowledged: Acknowledged) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    while ContinuousClock.now < stop {
                        let id = UUIDs.make()
                        var version = 0
                        for step in 0..<8 {
                            guard ContinuousClock.now < stop else { break }
                            let json = step == 0 ? PersonJSON.create(id) : PersonJSON.updateName(id, name: step % 2 == 0 ? PersonJSON.name : PersonJSON.otherName)
                            // Same command id on a retry: stored once however often it is sent.
                            let commandID = "\(id)-\(step)"
                            guard let reply = try? await client.command(json, id: commandID, timeout: .seconds(2)) else { break }
                            guard reply.errorCode == nil, let stored = reply.version else { break }
                            version = stored
                            acknowledged.record(id, version)
                        }
                        // Pacing, not synchronisation: while the service is down every request fails
                        // at once, and the worker should not spin on new ids.
                        if version == 0 { try? await Task.sleep(for: .milliseconds(20)) }
                    }
                }
            }
        }
    }

    /// Every acknowledged version is stored, once, and every person's versions run 1…n.
    func checkHistories(_ js: JetStream, _ acknowledged: [String: [Int]]) async throws {
        for (id, versions) in acknowledged {
            let events = try await storedEvents(js, id)
            let sequences = events.compactMap { $0.json["sequence"] as? Int }
            #expect(sequences == (0..<sequences.count).map { $0 + 1 }, "versions of \(id) are not 1…n: \(sequences)")
            #expect(Set(sequences).count == sequences.count, "a duplicate version for \(id)")
            #expect(versions.allSatisfy { $0 <= sequences.count }, "an acknowledged version of \(id) is missing: \(versions) vs \(sequences.count) stored")
        }
    }

    @Test func killedDuringABurstLosesNoAcknowledgedCommandAndStoresNoneTwice() async throws {
        try await NATSServer.withServer { server in
            let acknowledged = Acknowledged(milestone: 300)
            var service = try await startService(server)
            defer { service.cleanUp() }
            try await withRequester(server) { client, js in
                let stop = ContinuousClock.now + .seconds(4)
                async let burst: Void = load(client, workers: 24, until: stop, into: acknowledged)
                // Killed in the middle of the burst: after 300 acknowledgements, with more in flight.
                try await acknowledged.reached.next(within: .seconds(30), "300 acknowledged commands")
                service.signal(SIGKILL)
                _ = try await service.waitForExit()
                service = try await startService(server)
                await burst
                let seen = acknowledged.all
                #expect(seen.count > 10, "the burst acknowledged too little to prove anything: \(seen.count) people")
                try await checkHistories(js, seen)
                // The restarted service rebuilt every person: the next rename is the next version.
                for (id, _) in seen.prefix(10) {
                    let stored = try await storedEvents(js, id).count
                    let currentName = stored % 2 == 0 ? PersonJSON.otherName : PersonJSON.name
                    let next = try await client.command(PersonJSON.updateName(id, name: currentName == PersonJSON.name ? PersonJSON.otherName : PersonJSON.name))
                    #expect(next.version == stored + 1, "\(id): \(next)")
                }
            }
        }
    }

    #if os(Linux)
    /// The executable links jemalloc and checks, when it starts, that jemalloc serves its
    /// allocations (a build with `CIM_SYSTEM_MALLOC=1` leaves it out: set it here too).
    @Test(.disabled(if: ProcessInfo.processInfo.environment["CIM_SYSTEM_MALLOC"] == "1", "built on the system's malloc"))
    func runsOnTheJemallocItLinks() async throws {
        try await NATSServer.withServer { server in
            let service = try await startService(server)
            defer { service.cleanUp() }
            let line = service.log.split(separator: "\n").first { $0.contains("allocator=") }
            #expect(line?.contains("info person-service: allocator=jemalloc 5.") == true, "\(service.log)")
        }
    }
    #endif

    /// Under a `Type=notify` unit: READY=1 once it serves, STOPPING=1 when SIGTERM starts the drain.
    @Test func tellsSystemdWhenItIsReadyAndWhenItStops() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UInt32.random(in: 0...UInt32.max)).sock").path
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer {
            close(descriptor)
            unlink(path)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        func next() -> String {
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : "(nothing within 30 s)"
        }
        try await NATSServer.withServer { server in
            let service = try await startService(server, ["NOTIFY_SOCKET": path])
            defer { service.cleanUp() }
            #expect(next().hasPrefix("READY=1"))
            service.signal(SIGTERM)
            #expect(next().hasPrefix("STOPPING=1"))
            #expect(try await service.waitForExit() == 0)
        }
    }

    @Test func sigtermDuringLoadDrainsAndExitsZero() async throws {
        try await NATSServer.withServer { server in
            let acknowledged = Acknowledged(milestone: 200)
            let service = try await startService(server)
            defer { service.cleanUp() }
            try await withRequester(server) { client, js in
                let stop = ContinuousClock.now + .seconds(3)
                async let burst: Void = load(client, workers: 16, until: stop, into: acknowledged)
                try await acknowledged.reached.next(within: .seconds(30), "200 acknowledged commands")
                service.signal(SIGTERM)
                let status = try await service.waitForExit()
                await burst
                #expect(status == 0, "exit status \(status); log:\n\(service.log)")
                #expect(service.log.contains("drained"), "\(service.log)")
                try await checkHistories(js, acknowledged.all)
            }
        }
    }

    /// SIGTERM while the server is frozen: the snapshots written on the way out would each wait
    /// for a PubAck that never comes (5 s, four at a time: minutes for a hundred aggregates). The
    /// drain's deadline drops what is still queued, says so, and the service exits.
    @Test func sigtermWithAFrozenServerDropsTheSnapshotsLeftAtTheDrainsDeadline() async throws {
        try await NATSServer.withServer { server in
            let service = try await startService(server, ["SNAPSHOT_FREQ": "100", "DRAIN_TIMEOUT": "1"])
            defer { service.cleanUp() }
            try await withRequester(server) { client, _ in
                for _ in 0..<100 {
                    let reply = try await client.command(PersonJSON.create(UUIDs.make()), timeout: .seconds(10))
                    #expect(reply.version == 1, "\(reply)")
                }
            }
            // 100 resident aggregates with no snapshot yet: each is snapshotted when the shards close.
            try server.suspend()
            service.signal(SIGTERM)
            // Without the deadline the exit takes 100 / 4 × 5 s; this only bounds the wait for it.
            let status: Int32
            do {
                status = try await service.waitForExit(within: .seconds(60))
            } catch {
                try server.resume()
                throw RuntimeTestError("person-service did not exit after SIGTERM (\(error)); log:\n\(service.log)")
            }
            try server.resume()
            #expect(service.log.contains("the drain ran out of time: snapshots not written"), "\(service.log)")
            // The frozen server never confirms the unsubscribes either: exit 1, with that sentence.
            #expect(status == 1, "log:\n\(service.log)")
            #expect(service.log.contains("the drain did not complete"), "\(service.log)")
        }
    }

    @Test func durableCommandsSurviveAKilledReplica() async throws {
        try await NATSServer.withServer { server in
            let environment = ["SNAPSHOT_FREQ": "5", "DURABLE_INTAKE": "true", "DURABLE_ACK_WAIT": "2"]
            var service = try await startService(server, environment)
            defer { service.cleanUp() }
            try await withRequester(server) { client, js in
                let answers = try await DurableAnswers(client)
                // Queued durably while no replica runs (each PubAck says so), without
                // Nats-Msg-Id: their ids come from their place in the work queue.
                service.signal(SIGTERM)
                #expect(try await service.waitForExit() == 0)
                let ids = (0..<2000).map { _ in UUIDs.make() }
                for id in ids {
                    _ = try await js.publishDurable(PersonJSON.create(id), id: nil, replyTo: answers.subject)
                }
                // Killed in the middle: some answered, some taken and not acknowledged, most waiting.
                service = try await startService(server, environment)
                let early = try await answers.next(50)
                service.signal(SIGKILL)
                _ = try await service.waitForExit()
                service = try await startService(server, environment)
                // Every command is answered in the end (some twice: answered, then killed before the ack).
                var answered = Set(early.compactMap(\.aggregateID))
                var failures = early.filter { $0.errorCode != nil }
                let deadline = ContinuousClock.now + .seconds(90)
                while answered.count < ids.count {
                    let reply = try await answers.replies.next(within: max(deadline - ContinuousClock.now, .zero), "an answer for every durable command")
                    if reply.errorCode != nil { failures.append(reply) }
                    if let id = reply.aggregateID { answered.insert(id) }
                }
                #expect(failures.isEmpty, "\(failures)")
                #expect(answered == Set(ids))
                for id in ids {
                    let events = try await storedEvents(js, id)
                    #expect(events.count == 1, "\(id): \(events.count) events")
                }
                try await eventually("the work queue to empty") { try await js.streamInfo("PERSON_COMMANDS").state.messages == 0 }
                // The kill left deliveries unacknowledged, and they were delivered again.
                let consumer = try await js.consumerInfo(stream: "PERSON_COMMANDS", name: "person-service")
                #expect(consumer.delivered.consumerSequence > UInt64(ids.count), "no redelivery: \(consumer.delivered)")
            }
        }
    }
}
