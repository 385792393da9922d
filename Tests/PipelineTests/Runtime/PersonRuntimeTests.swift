import Foundation
import Metrics
import NATS
import NIOCore
import TestSupport
import Testing
import Wire

@testable import Pipeline

/// The Person service's runtime against a real nats-server: every command over NATS, replies and
/// stored events, bad input, retries, restarts from snapshots, conflicts and a full shard.
@Suite struct PersonRuntimeTests {
    @Test func everyCommandOverNATSStoresItsEventAndAnswers() async throws {
        try await NATSServer.withServer { server in
            try await PersonRuntimeHarness.with(server) { _ in
                try await withRequester(server) { client, js in
                    let id = UUIDs.make()
                    let target = UUIDs.make()
                    let steps: [(String, String)] = [
                        (PersonJSON.create(id), "created"),
                        (PersonJSON.updateName(id), "name_updated"),
                        (#"{"SetBirthDate":{"person_id":{"id":"\#(id)"},"birth_date":"1815-12-10"}}"#, "birth_date_set"),
                        (#"{"RecordAttribute":{"person_id":{"id":"\#(id)"},"attribute":\#(PersonJSON.attribute(height: 1.65))}}"#, "attribute_recorded"),
                        (#"{"UpdateAttribute":{"person_id":{"id":"\#(id)"},"attribute_type":{"Physical":"Height"},"new_attribute":\#(PersonJSON.attribute(height: 1.66))}}"#, "attribute_updated"),
                        (#"{"InvalidateAttribute":{"person_id":{"id":"\#(id)"},"attribute_type":{"Physical":"Height"},"reason":"wrong"}}"#, "attribute_invalidated"),
                        (#"{"DeactivatePerson":{"person_id":{"id":"\#(id)"},"reason":"left"}}"#, "deactivated"),
                        (#"{"ReactivatePerson":{"person_id":{"id":"\#(id)"},"reason":"back"}}"#, "reactivated"),
                        (#"{"RecordDeath":{"person_id":{"id":"\#(id)"},"date_of_death":"1852-11-27"}}"#, "death_recorded"),
                    ]
                    for (index, (json, _)) in steps.enumerated() {
                        let reply = try await client.command(json)
                        #expect(reply.errorCode == nil, "step \(index): \(reply)")
                        #expect(reply.version == index + 1)
                        #expect(reply.eventsGenerated == 1)
                        #expect(reply.aggregateID == id)
                    }
                    let events = try await storedEvents(js, id)
                    #expect(events.map(\.subject) == steps.map { "person.events.\(id).\($0.1)" })
                    for (index, event) in events.enumerated() {
                        #expect(event.json["sequence"] as? Int == index + 1)
                        #expect((event.json["aggregate_id"] as? [String: Any])?["id"] as? String == id)
                    }
                    // Deceased is terminal.
                    let late = try await client.command(PersonJSON.updateName(id))
                    #expect(late.errorCode == "deceased")

                    // A merge is stored on the source; the target is untouched.
                    _ = try await client.command(PersonJSON.create(target))
                    let source = UUIDs.make()
                    _ = try await client.command(PersonJSON.create(source))
                    let merge = try await client.command(
                        #"{"MergePersons":{"source_person_id":{"id":"\#(source)"},"target_person_id":{"id":"\#(target)"},"merge_reason":"DuplicateIdentity"}}"#)
                    #expect(merge.version == 2)
                    #expect(try await storedEvents(js, source).last?.subject == "person.events.\(source).merged")
                    #expect(try await storedEvents(js, target).count == 1)

                    // ArchivePerson has no event in the contract: said so, nothing stored.
                    let archive = try await client.command(#"{"ArchivePerson":{"person_id":{"id":"\#(target)"},"reason":"old"}}"#)
                    #expect(archive.errorCode == "not_supported")
                    #expect(try await storedEvents(js, target).count == 1)
                }
            }
        }
    }

    @Test func badInputGetsATypedErrorAndTheServiceKeepsServing() async throws {
        try await NATSServer.withServer { server in
            try await PersonRuntimeHarness.with(server) { _ in
                try await withRequester(server) { client, js in
                    #expect(try await client.command("not json").errorCode == "malformed_json")
                    #expect(try await client.command(#"{"Fly":{}}"#).errorCode == "unknown_command")
                    let missing = try await client.command(#"{"CreatePerson":{"person_id":{"id":"\#(UUIDs.make())"},"source":"x"}}"#)
                    #expect(missing.errorCode == "missing_field")
                    #expect(missing.errorField != nil)
                    #expect(try await client.command(#"{"CreatePerson":{"person_id":{"id":"nope"},"name":\#(PersonJSON.name),"source":"x"}}"#).errorCode == "invalid_field")
                    let unknown = try await client.command(PersonJSON.updateName(UUIDs.make()))
                    #expect(unknown.errorCode == "not_found")
                    // The seed's own example: a bare person_id string is accepted.
                    let id = UUIDs.make()
                    let created = try await client.command(#"{"CreatePerson": {"person_id": "\#(id)", "name": \#(PersonJSON.name), "source": "test"}}"#)
                    #expect(created.version == 1)
                    #expect(try await client.command(PersonJSON.create(id)).errorCode == "already_exists")
                    #expect(try await storedEvents(js, id).count == 1)
                }
            }
        }
    }

    @Test func aRetriedCommandIsAnsweredAgainAndStoredOnce() async throws {
        try await NATSServer.withServer { server in
            try await PersonRuntimeHarness.with(server) { _ in
                try await withRequester(server) { client, js in
                    let id = UUIDs.make()
                    let first = try await client.command(PersonJSON.create(id), id: "cmd-1")
                    let again = try await client.command(PersonJSON.create(id), id: "cmd-1")
                    #expect(first.version == 1)
                    #expect(again.version == 1)
                    #expect(again.errorCode == nil)
                    #expect(try await storedEvents(js, id).count == 1)
                }
            }
        }
    }

    @Test(arguments: [RuntimeConfiguration.CommitMode.async, .batch])
    func aRestartRebuildsFromSnapshotAndTail(mode: RuntimeConfiguration.CommitMode) async throws {
        try await NATSServer.withServer { server in
            let configuration = PersonRuntimeHarness.configuration {
                $0.snapshotFrequency = 3
                $0.commitMode = mode
            }
            let id = UUIDs.make()
            try await PersonRuntimeHarness.with(server, configuration) { _ in
                try await withRequester(server) { client, _ in
                    _ = try await client.command(PersonJSON.create(id))
                    for index in 0..<6 {
                        let reply = try await client.command(PersonJSON.updateName(id, name: index % 2 == 0 ? PersonJSON.otherName : PersonJSON.name))
                        #expect(reply.version == index + 2, "\(reply)")
                    }
                }
            }
            try await withRequester(server) { client, js in
                let kv = try await js.keyValue("PERSON_EVENTS_SNAPSHOTS")
                let snapshot = try #require(try await kv.get(id))
                #expect(snapshot.value.text.hasPrefix("cim-snapshot/1 state_schema=1 stream_sequence=7 version=7"))
            }
            try await PersonRuntimeHarness.with(server, configuration) { _ in
                try await withRequester(server) { client, _ in
                    // Not in memory after the restart: the create is tried as new, its guard fails, the
                    // history is read, and the answer is the truth.
                    let again = try await client.command(PersonJSON.create(id))
                    #expect(again.errorCode == "already_exists", "\(again)")
                    // The name is the first one again after 7 events: the same name again changes nothing.
                    let same = try await client.command(PersonJSON.updateName(id, name: PersonJSON.name))
                    #expect(same.errorCode == "no_change")
                    let changed = try await client.command(PersonJSON.updateName(id, name: PersonJSON.otherName))
                    #expect(changed.version == 8)
                }
            }
        }
    }

    @Test func aColdRecoveryIsRecordedInTheRecoveryMetrics() async throws {
        try await NATSServer.withServer { server in
            let configuration = PersonRuntimeHarness.configuration { $0.snapshotFrequency = 0 }
            let id = UUIDs.make()
            try await PersonRuntimeHarness.with(server, configuration) { _ in
                try await withRequester(server) { client, _ in
                    _ = try await client.command(PersonJSON.create(id))
                    let reply = try await client.command(PersonJSON.updateName(id))
                    #expect(reply.version == 2, "\(reply)")
                }
            }
            let factory = RecordingMetricsFactory()
            let metrics = ServiceMetrics(service: "person", factory: factory)
            try await PersonRuntimeHarness.with(server, configuration, metrics: metrics) { _ in
                try await withRequester(server) { client, _ in
                    // Not in memory after the restart: tried as new, refused (it exists), then read.
                    let reply = try await client.command(PersonJSON.updateName(id, name: PersonJSON.name))
                    #expect(reply.version == 3, "\(reply)")
                }
            }
            #expect(factory.timed(ServiceMetrics.Label.recoveryLatency, [("service", "person")]).count == 1)
            #expect(factory.counter(ServiceMetrics.Label.replayedEvents, [("service", "person")]) == 2)
        }
    }

    /// The batch-size histogram records commits to the stream, not commands: in batch mode,
    /// concurrent commands share atomic batches; in async mode each command is its own commit.
    @Test(arguments: [RuntimeConfiguration.CommitMode.async, .batch])
    func theCommitBatchSizeCountsMessagesPerCommit(mode: RuntimeConfiguration.CommitMode) async throws {
        try await NATSServer.withServer { server in
            let configuration = PersonRuntimeHarness.configuration { $0.commitMode = mode }
            let factory = RecordingMetricsFactory()
            let metrics = ServiceMetrics(service: "person", factory: factory)
            let commands = 200
            try await PersonRuntimeHarness.with(server, configuration, metrics: metrics) { _ in
                try await withRequester(server) { client, _ in
                    let versions = try await withThrowingTaskGroup(of: Int?.self) { group in
                        for _ in 0..<commands {
                            group.addTask { try await client.command(PersonJSON.create(UUIDs.make())).version }
                        }
                        return try await group.reduce(into: [Int?]()) { $0.append($1) }
                    }
                    #expect(versions.allSatisfy { $0 == 1 }, "\(versions)")
                }
            }
            let service = [("service", "person")]
            let batches = factory.recorded(ServiceMetrics.Label.commitBatchSize, service)
            #expect(factory.counter(ServiceMetrics.Label.eventsAppended, service) == Int64(commands))
            #expect(batches.reduce(0, +) == Double(commands), "\(batches)")
            switch mode {
            case .async: #expect(batches.allSatisfy { $0 == 1 }, "\(batches)")
            // While one batch commits, the commands arriving meanwhile gather into the next.
            case .batch: #expect(batches.count < commands && batches.contains { $0 > 1 }, "\(batches)")
            }
        }
    }

    @Test func aFullShardAnswersBusyAndStaysHealthy() async throws {
        try await NATSServer.withServer { server in
            let configuration = PersonRuntimeHarness.configuration {
                $0.shards = 1
                $0.mailboxCapacity = 2
            }
            try await PersonRuntimeHarness.with(server, configuration) { harness in
                try await withRequester(server) { client, _ in
                    let ids = (0..<200).map { _ in UUIDs.make() }
                    let codes = try await withThrowingTaskGroup(of: String.self) { group in
                        for id in ids {
                            group.addTask { try await client.command(PersonJSON.create(id)).errorCode ?? "ok" }
                        }
                        return try await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
                    }
                    #expect(codes["busy", default: 0] > 0, "\(codes)")
                    #expect(codes["ok", default: 0] > 0, "\(codes)")
                    #expect(codes.keys.allSatisfy { $0 == "ok" || $0 == "busy" }, "\(codes)")
                    #expect(harness.runtime.status.phase == .serving)
                    #expect(try await client.command(PersonJSON.create(UUIDs.make())).version == 1)
                }
            }
        }
    }

    @Test func twoReplicasOnTheSameAggregatesStoreNoDuplicateAndNoGap() async throws {
        try await NATSServer.withServer { server in
            let configuration = PersonRuntimeHarness.configuration()
            let first = try await PersonRuntimeHarness.start(server, configuration)
            let second = try await PersonRuntimeHarness.start(server, configuration)
            do {
                try await withRequester(server) { client, js in
                    let ids = (0..<4).map { _ in UUIDs.make() }
                    for id in ids { _ = try await client.command(PersonJSON.create(id)) }
                    let replies = try await withThrowingTaskGroup(of: (String, CommandReply).self) { group in
                        for round in 0..<40 {
                            let id = ids[round % ids.count]
                            let name = round % 2 == 0 ? PersonJSON.otherName : PersonJSON.name
                            group.addTask { (id, try await client.command(PersonJSON.updateName(id, name: name, reason: "r\(round)"))) }
                        }
                        return try await group.reduce(into: [(String, CommandReply)]()) { $0.append($1) }
                    }
                    for id in ids {
                        let events = try await storedEvents(js, id)
                        #expect(events.map { $0.json["sequence"] as? Int } == (1...events.count).map { Optional($0) }, "gap or duplicate for \(id)")
                        let successes = replies.filter { $0.0 == id && $0.1.errorCode == nil }.count
                        #expect(events.count == successes + 1, "every success stored once for \(id)")
                    }
                    let codes = Set(replies.compactMap { $0.1.errorCode })
                    #expect(codes.isSubset(of: ["no_change", "conflict"]), "\(codes)")
                }
            } catch {
                try? await first.stop()
                try? await second.stop()
                throw error
            }
            try await first.stop()
            try await second.stop()
        }
    }
}

extension ByteBuffer {
    var text: String { String(buffer: self) }
}

/// A snapshot that cannot be used is ignored: the aggregate is replayed from its first event.
@Suite struct PersonRuntimeSnapshotFallbackTests {
    @Test func aCorruptSnapshotFallsBackToTheFullHistory() async throws {
        try await NATSServer.withServer { server in
            let configuration = PersonRuntimeHarness.configuration { $0.snapshotFrequency = 2 }
            let id = UUIDs.make()
            try await PersonRuntimeHarness.with(server, configuration) { _ in
                try await withRequester(server) { client, _ in
                    _ = try await client.command(PersonJSON.create(id))
                    for index in 0..<3 {
                        _ = try await client.command(PersonJSON.updateName(id, name: index % 2 == 0 ? PersonJSON.otherName : PersonJSON.name))
                    }
                }
            }
            try await withRequester(server) { _, js in
                let kv = try await js.keyValue("PERSON_EVENTS_SNAPSHOTS")
                #expect(try await kv.get(id) != nil, "the runtime wrote no snapshot to corrupt")
                _ = try await kv.put(id, ByteBuffer(string: "cim-snapshot/1 state_schema=1 stream_sequence=999 version=999 recent=0\n{not json"))
            }
            try await PersonRuntimeHarness.with(server, configuration) { _ in
                try await withRequester(server) { client, _ in
                    // Four events: the name is otherName; a corrupt snapshot claiming version 999 is ignored.
                    let reply = try await client.command(PersonJSON.updateName(id, name: PersonJSON.name))
                    #expect(reply.version == 5, "\(reply)")
                }
            }
        }
    }

    @Test func aShortHistoryWhoseStartTheStreamDeletedIsRebuiltFromItsSnapshot() async throws {
        try await NATSServer.withServer { server in
            // Three events, under the snapshot frequency (100): replayed without the snapshot as
            // long as the history is whole. The oldest event goes, as max_age deletes it.
            let id = try await Self.personWithExpiredEvents(server, renamedTo: [PersonJSON.otherName, PersonJSON.name], purging: "created", expectPurged: 1)
            try await PersonRuntimeHarness.with(server) { _ in
                try await withRequester(server) { client, _ in
                    let reply = try await client.command(PersonJSON.updateName(id, name: PersonJSON.otherName))
                    #expect(reply.version == 4, "rebuilt from the snapshot, not refused as corrupt: \(reply)")
                }
            }
        }
    }

    @Test func anAggregateAllOfWhoseEventsTheStreamDeletedIsRebuiltFromItsSnapshot() async throws {
        try await NATSServer.withServer { server in
            // Every event goes, as max_age deletes an aggregate untouched for that long.
            let id = try await Self.personWithExpiredEvents(server, renamedTo: [PersonJSON.otherName], purging: ">", expectPurged: 2)
            try await PersonRuntimeHarness.with(server) { _ in
                try await withRequester(server) { client, _ in
                    // Without the snapshot this person would be unknown ("not found").
                    let reply = try await client.command(PersonJSON.updateName(id, name: PersonJSON.name))
                    #expect(reply.version == 3, "rebuilt from the snapshot: \(reply)")
                }
            }
        }
    }

    /// A fresh person created and then renamed to each of `names` by a runtime that then stops (shutdown writes its snapshot), after which the stream
    /// loses `person.events.<id>.<purging>` as max_age would delete it.
    /// - Returns: the person's id.
    private static func personWithExpiredEvents(
        _ server: NATSServer, renamedTo names: [String], purging suffix: String, expectPurged: UInt64
    ) async throws -> String {
        let id = UUIDs.make()
        try await PersonRuntimeHarness.with(server) { _ in
            try await withRequester(server) { client, _ in
                _ = try await client.command(PersonJSON.create(id))
                for name in names { _ = try await client.command(PersonJSON.updateName(id, name: name)) }
            }
        }
        try await withRequester(server) { _, js in
            #expect(try await js.keyValue("PERSON_EVENTS_SNAPSHOTS").get(id) != nil, "no snapshot was written at shutdown")
            let purged = try await js.purgeStream("PERSON_EVENTS", subject: "person.events.\(id).\(suffix)")
            #expect(purged == expectPurged)
        }
        return id
    }
}
