import Aggregates
import Foundation
import NATS
import NIOCore
import Synchronization
import TestSupport
import Testing

@testable import Pipeline

/// A command still queued at its deadline is answered `deadline_exceeded` and not run
/// (`CommandDeadline`), so a backlog nobody waits for does not hold up the commands behind it.
@Suite struct PersonRuntimeDeadlineTests {
    /// The store runs on a server of its own, frozen while commands queue behind a stuck append;
    /// the runtime's clock is moved on by the test instead of waiting.
    @Test func commandsQueuedPastTheirDeadlineAreAnsweredWithoutRunning() async throws {
        try await NATSServer.withServer { intakeServer in
            try await NATSServer.withServer { storeServer in
                let skew = Atomic<UInt64>(0)
                let clock: @Sendable () -> UInt64 = { NIODeadline.now().uptimeNanoseconds &+ skew.load(ordering: .relaxed) }
                // The default deadline (5 s) applies to requests without the header.
                let configuration = PersonRuntimeHarness.configuration { $0.shards = 1 }
                #expect(configuration.commandDeadlineNanoseconds == 5_000_000_000)
                let harness = try await PersonRuntimeHarness.start(intakeServer, codec: PersonCodec(), configuration, storeServer: storeServer, now: clock)
                do {
                    try await withRequester(intakeServer) { client, _ in
                        let id = UUIDs.make()
                        #expect(try await client.command(PersonJSON.create(id)).version == 1)
                        try storeServer.suspend()
                        let replies: [CommandReply]
                        do {
                            // Its append waits on the frozen store; the next three queue behind it.
                            let first = Task { try await client.command(PersonJSON.updateName(id, name: PersonJSON.otherName), timeout: .seconds(60)) }
                            try await eventually("the first update is running") { harness.runtime.admittedCommands == 1 }
                            let short = Task {
                                try await client.command(PersonJSON.updateName(id, name: PersonJSON.name), headers: [("Cim-Timeout-Ms", "1000")], timeout: .seconds(60))
                            }
                            try await eventually("the second is queued") { harness.runtime.admittedCommands == 2 }
                            let byDefault = Task { try await client.command(PersonJSON.updateName(id, name: PersonJSON.name), timeout: .seconds(60)) }
                            try await eventually("the third is queued") { harness.runtime.admittedCommands == 3 }
                            let generous = Task {
                                try await client.command(PersonJSON.updateName(id, name: PersonJSON.name), headers: [("Cim-Timeout-Ms", "60000")], timeout: .seconds(60))
                            }
                            try await eventually("the fourth is queued") { harness.runtime.admittedCommands == 4 }
                            // Ten seconds pass for the runtime: past 1 s and 5 s, within 60 s.
                            skew.add(10_000_000_000, ordering: .relaxed)
                            try storeServer.resume()
                            replies = [try await first.value, try await short.value, try await byDefault.value, try await generous.value]
                        } catch {
                            try? storeServer.resume()
                            throw error
                        }
                        #expect(replies[0].version == 2, "\(replies[0])")
                        for expired in replies[1...2] {
                            #expect(expired.errorCode == "deadline_exceeded", "\(expired)")
                            #expect(expired.text.contains(#""retryable":true"#), "\(expired)")
                        }
                        #expect(replies[3].version == 3, "the command whose deadline had not passed ran: \(replies[3])")
                        // Sent afterwards, it runs on the state the expired commands left untouched.
                        #expect(try await client.command(PersonJSON.updateName(id, name: PersonJSON.otherName)).version == 4)
                        try await withRequester(storeServer) { _, js in
                            let events = try await storedEvents(js, id)
                            #expect(events.map { $0.json["sequence"] as? Int } == [1, 2, 3, 4])
                        }
                    }
                } catch {
                    try? await harness.stop()
                    throw error
                }
                try await harness.stop()
            }
        }
    }

    @Test func aBadTimeoutHeaderIsRefusedAndNothingIsStored() async throws {
        try await NATSServer.withServer { server in
            try await PersonRuntimeHarness.with(server) { _ in
                try await withRequester(server) { client, js in
                    let id = UUIDs.make()
                    let reply = try await client.command(PersonJSON.create(id), headers: [("Cim-Timeout-Ms", "2s")])
                    #expect(reply.errorCode == "invalid_header", "\(reply)")
                    #expect(reply.errorField == "Cim-Timeout-Ms", "\(reply)")
                    #expect(try await storedEvents(js, id).isEmpty)
                    #expect(try await client.command(PersonJSON.create(id), headers: [("Cim-Timeout-Ms", "2000")]).version == 1)
                }
            }
        }
    }
}
