import Foundation
import NATS
import NIOCore
import TestSupport
import Testing

@testable import Pipeline

/// Against Debian's nats-server 2.9.10 (no wildcard guard, no atomic batch, no batched reads):
/// events are stored one subject per aggregate, the guard still holds, and commit mode batch is
/// refused with a sentence at start-up.
@Suite struct PersonRuntimeOldServerTests {
    static var installed: Bool { FileManager.default.isExecutableFile(atPath: NATSServer.debianExecutable) }

    static func options() -> NATSServer.Options {
        var options = NATSServer.Options()
        options.executable = NATSServer.debianExecutable
        return options
    }

    @Test(.enabled(if: installed, "Debian's nats-server 2.9.10 is not unpacked (scripts/install-deps.sh)"))
    func commandsConflictsAndRestartsWorkWithOneSubjectPerAggregate() async throws {
        try await NATSServer.withServer(Self.options()) { server in
            let configuration = PersonRuntimeHarness.configuration { $0.snapshotFrequency = 2 }
            let id = UUIDs.make()
            try await PersonRuntimeHarness.with(server, configuration) { _ in
                try await withRequester(server) { client, js in
                    #expect(try await client.command(PersonJSON.create(id)).version == 1)
                    #expect(try await client.command(PersonJSON.updateName(id)).version == 2)
                    #expect(try await client.command(PersonJSON.updateName(id, name: PersonJSON.name), id: "again").version == 3)
                    #expect(try await client.command(PersonJSON.updateName(id, name: PersonJSON.name), id: "again").version == 3)
                    let events = try await storedEvents(js, id, layout: "person.events.{id}")
                    #expect(events.map(\.subject) == Array(repeating: "person.events.\(id)", count: 3))
                    #expect(events.compactMap { $0.json["sequence"] as? Int } == [1, 2, 3])
                    // Another writer appends behind the runtime's back: the next command is decided again.
                    let intruder = #"{"aggregate_id":{"id":"\#(id)"},"sequence":4,"event":{"NameUpdated":{"person_id":{"id":"\#(id)"},"old_name":\#(PersonJSON.name),"new_name":\#(PersonJSON.otherName),"reason":null,"updated_at":"2026-01-01T00:00:00Z"}},"timestamp":"2026-01-01T00:00:00Z","correlation_id":"x","causation_id":"x"}"#
                    _ = try await js.publish(ByteBuffer(string: intruder), to: "person.events.\(id)")
                    let after = try await client.command(PersonJSON.updateName(id, name: PersonJSON.otherName))
                    #expect(after.errorCode == "no_change", "decided against the intruder's event: \(after)")
                    #expect(try await client.command(PersonJSON.updateName(id, name: PersonJSON.name)).version == 5)
                }
            }
            try await PersonRuntimeHarness.with(server, configuration) { _ in
                try await withRequester(server) { client, _ in
                    let reply = try await client.command(PersonJSON.updateName(id, name: PersonJSON.otherName))
                    #expect(reply.version == 6, "\(reply)")
                }
            }
        }
    }

    @Test(.enabled(if: installed, "Debian's nats-server 2.9.10 is not unpacked (scripts/install-deps.sh)"))
    func commitModeBatchIsRefusedWithASentence() async throws {
        try await NATSServer.withServer(Self.options()) { server in
            let configuration = PersonRuntimeHarness.configuration { $0.commitMode = .batch }
            let error = await #expect(throws: RuntimeTestError.self) { try await PersonRuntimeHarness.start(server, configuration) }
            #expect(error?.description.contains("atomic batches") == true, "\(String(describing: error))")
        }
    }

    @Test(.enabled(if: installed, "Debian's nats-server 2.9.10 is not unpacked (scripts/install-deps.sh)"))
    func durableIntakeWorks() async throws {
        try await NATSServer.withServer(Self.options()) { server in
            try await PersonRuntimeHarness.with(server, PersonDurableIntakeTests.configuration(ackWaitSeconds: 1)) { _ in
                try await withRequester(server) { client, js in
                    let answers = try await DurableAnswers(client)
                    let id = UUIDs.make()
                    _ = try await js.publishDurable(PersonJSON.create(id), id: "old-1", replyTo: answers.subject)
                    _ = try await js.publishDurable(PersonJSON.updateName(id), id: nil, replyTo: answers.subject)
                    let repeated = try await js.publishDurable(PersonJSON.create(id), id: "old-1", replyTo: answers.subject)
                    // The work queue's duplicate window drops the repeat: two answers, two events.
                    #expect(repeated.duplicate == true)
                    let replies = try await answers.next(2)
                    #expect(replies.compactMap(\.version) == [1, 2], "\(replies)")
                    #expect(try await storedEvents(js, id, layout: "person.events.{id}").count == 2)
                    try await eventually("the work queue to empty") { try await js.streamInfo("PERSON_COMMANDS").state.messages == 0 }
                }
            }
        }
    }
}
