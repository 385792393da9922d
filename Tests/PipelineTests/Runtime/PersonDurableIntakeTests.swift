import Foundation
import NATS
import NIOCore
import TestSupport
import Testing
import Wire

@testable import Pipeline

/// Durable intake against a real nats-server: commands published into the work-queue stream are
/// stored and answered through `Cim-Reply-To`, acknowledged only then, taken up by a replica that
/// starts later, and delivered again when the replica that took them never acknowledged them.
@Suite struct PersonDurableIntakeTests {
    static func configuration(ackWaitSeconds: Int = 30) -> RuntimeConfiguration {
        PersonRuntimeHarness.configuration { configuration in
            var durable = DurableIntakeConfiguration(domain: "person", consumerName: configuration.queueGroup, maxAckPending: 1000)
            durable.ackWaitSeconds = ackWaitSeconds
            configuration.durableIntake = durable
        }
    }

    @Test func durableCommandsAreStoredAnsweredAndLeaveTheQueue() async throws {
        try await NATSServer.withServer { server in
            try await PersonRuntimeHarness.with(server, Self.configuration()) { _ in
                try await withRequester(server) { client, js in
                    let answers = try await DurableAnswers(client)
                    let id = UUIDs.make()
                    let created = try await js.publishDurable(PersonJSON.create(id), id: "c-1", replyTo: answers.subject)
                    #expect(created.stream == "PERSON_COMMANDS")
                    _ = try await js.publishDurable(PersonJSON.updateName(id), id: "c-2", replyTo: answers.subject)
                    _ = try await js.publishDurable("not json", id: "c-3", replyTo: answers.subject)
                    let replies = try await answers.next(3)
                    #expect(replies.compactMap(\.version).sorted() == [1, 2], "\(replies)")
                    #expect(replies.compactMap(\.errorCode) == ["malformed_json"], "\(replies)")

                    let events = try await storedEvents(js, id)
                    #expect(events.map(\.subject) == ["person.events.\(id).created", "person.events.\(id).name_updated"])
                    #expect(events.map { $0.json["causation_id"] as? String } == ["c-1", "c-2"])
                    // Every command was acknowledged, the failed one too: the work queue is empty.
                    try await eventually("the work queue to empty") { try await js.streamInfo("PERSON_COMMANDS").state.messages == 0 }
                    // The request/reply subjects are not captured: a request is still answered by the service.
                    #expect(try await client.command(PersonJSON.updateName(id, name: PersonJSON.name, reason: "back")).version == 3)
                }
            }
        }
    }

    @Test func manyDurableCommandsAreAllAnswered() async throws {
        try await NATSServer.withServer { server in
            try await PersonRuntimeHarness.with(server, Self.configuration()) { _ in
                try await withRequester(server) { client, js in
                    let answers = try await DurableAnswers(client)
                    let ids = (0..<400).map { _ in UUIDs.make() }
                    for id in ids {
                        _ = try await js.publishDurable(PersonJSON.create(id), id: nil, replyTo: answers.subject)
                    }
                    let replies = try await answers.next(ids.count)
                    #expect(Set(replies.compactMap(\.aggregateID)) == Set(ids))
                }
            }
        }
    }

    @Test func commandsPublishedWhileNoReplicaRunsAreTakenWhenOneStarts() async throws {
        try await NATSServer.withServer { server in
            // The first start creates the work-queue stream and its consumer.
            try await PersonRuntimeHarness.with(server, Self.configuration()) { _ in }
            try await withRequester(server) { client, js in
                let answers = try await DurableAnswers(client)
                let ids = (0..<40).map { _ in UUIDs.make() }
                for id in ids {
                    _ = try await js.publishDurable(PersonJSON.create(id), id: "create-\(id)", replyTo: answers.subject)
                }
                #expect(try await js.streamInfo("PERSON_COMMANDS").state.messages == 40)
                try await PersonRuntimeHarness.with(server, Self.configuration()) { _ in
                    let replies = try await answers.next(ids.count)
                    #expect(replies.allSatisfy { $0.version == 1 && $0.errorCode == nil }, "\(replies.filter { $0.errorCode != nil })")
                    #expect(Set(replies.compactMap(\.aggregateID)) == Set(ids))
                }
                for id in ids.prefix(5) {
                    #expect(try await storedEvents(js, id).count == 1)
                }
                #expect(try await js.streamInfo("PERSON_COMMANDS").state.messages == 0)
            }
        }
    }

    @Test func aDeliveryNeverAcknowledgedIsDeliveredAgainAndStoredOnce() async throws {
        try await NATSServer.withServer { server in
            let configuration = Self.configuration(ackWaitSeconds: 1)
            try await PersonRuntimeHarness.with(server, configuration) { _ in }
            try await withRequester(server) { client, js in
                let answers = try await DurableAnswers(client)
                let id = UUIDs.make()
                // No Nats-Msg-Id: the command's id comes from its place in the work queue, the
                // same on every delivery.
                _ = try await js.publishDurable(PersonJSON.create(id), id: nil, replyTo: answers.subject)
                // A replica takes it and dies before acknowledging it.
                let consumer = try await js.consumer(stream: "PERSON_COMMANDS", name: "person-service")
                let taken = try await consumer.fetch(batch: 1, expires: .seconds(5))
                #expect(taken.messages.count == 1)
                try await PersonRuntimeHarness.with(server, configuration) { _ in
                    let replies = try await answers.next(1, within: .seconds(15))
                    #expect(replies.first?.version == 1, "\(replies)")
                }
                let events = try await storedEvents(js, id)
                #expect(events.count == 1)
                let causation = events.first?.json["causation_id"] as? String
                #expect(causation?.hasPrefix("PERSON_COMMANDS:") == true)
                #expect(causation?.hasSuffix(":\(taken.messages[0].metadata.streamSequence)") == true)
                let info = try await js.consumerInfo(stream: "PERSON_COMMANDS", name: "person-service")
                #expect(info.redelivered == 0 && info.ackPending == 0, "the redelivery was acknowledged")
            }
        }
    }

    @Test func aDeliveryWhoseEventsWereStoredIsAnsweredWithoutStoringThemAgain() async throws {
        try await NATSServer.withServer { server in
            try await PersonRuntimeHarness.with(server, Self.configuration()) { _ in
                try await withRequester(server) { client, js in
                    let answers = try await DurableAnswers(client)
                    let id = UUIDs.make()
                    // Stored through a request; the same command id then arrives through the work
                    // queue, as when a replica stored the events and died before its ack.
                    #expect(try await client.command(PersonJSON.create(id), id: "cmd-1").version == 1)
                    #expect(try await client.command(PersonJSON.updateName(id), id: "cmd-2").version == 2)
                    _ = try await js.publishDurable(PersonJSON.create(id), id: "cmd-1", replyTo: answers.subject)
                    let replies = try await answers.next(1)
                    #expect(replies.first?.version == 1 && replies.first?.eventsGenerated == 1, "its first answer: \(replies)")
                    #expect(try await storedEvents(js, id).count == 2)
                }
            }
        }
    }
}

extension JetStream {
    /// Publishes a command into the durable intake's work queue; returns the stream's ack.
    func publishDurable(_ json: String, subject: String = "durable.person.commands.x", id: String?, replyTo: String?) async throws -> PubAck {
        var headers = NATSHeaderFields()
        if let replyTo { headers.append(DurableIntakeConfiguration.replyHeader, replyTo) }
        return try await publish(ByteBuffer(string: json), to: subject, options: PublishOptions(messageID: id, headers: headers.isEmpty ? nil : headers))
    }
}

/// The answers of durable commands, on an inbox of the requester's. One task reads the
/// subscription for its whole life (an iterator takes messages in batches: a second iterator
/// would not see what the first one held).
final class DurableAnswers: Sendable {
    let subject: String
    let replies = Announcements<CommandReply>()

    init(_ client: NATSClient) async throws {
        subject = "test.answers.\(UUIDs.make())"
        let subscription = try await client.subscribe(to: subject)
        let replies = replies
        Task {
            // Ends when the requester's client closes.
            for try await message in subscription {
                replies.announce(try CommandReply(Data(message.payload.readableBytesView)))
            }
        }
    }

    /// The next `count` answers, within `timeout` in all.
    func next(_ count: Int, within timeout: Duration = .seconds(20)) async throws -> [CommandReply] {
        let deadline = ContinuousClock.now + timeout
        var received: [CommandReply] = []
        while received.count < count {
            received.append(try await replies.next(within: max(deadline - ContinuousClock.now, .zero), "answer \(received.count + 1) of \(count)"))
        }
        return received
    }
}

/// Waits until `condition` holds, or fails after `timeout`. For server state that changes without
/// telling anyone: the server applies acks asynchronously and announces nothing when a work-queue
/// message goes, so the stream's state is read again every 20 ms. Everything with an event
/// (answers, phases, exits) is waited on through that event instead.
func eventually(_ what: String, within timeout: Duration = .seconds(10), _ condition: @escaping @Sendable () async throws -> Bool) async throws {
    try await withTimeout(timeout, what) {
        while try await !condition() {
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
