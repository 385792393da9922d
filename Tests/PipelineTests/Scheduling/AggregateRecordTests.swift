import Aggregates
import Testing

@testable import Pipeline

/// A record and a job keep their fields in a shared box: they must still behave as values.
@Suite struct AggregateRecordTests {
    static let id = PersonID(text: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")!

    @Test func aCopyIsIndependentOfTheOriginal() {
        var original = AggregateRecord<Person>(lastSequence: 4, snapshotVersion: 2)
        original.recent.record("first", version: 1)
        var copy = original
        copy.lastSequence = 9
        copy.snapshotVersion = 3
        copy.provisional = true
        copy.recent.record("second", version: 2)
        copy.state.apply(.personCreated(
            personID: Self.id, name: PersonName(components: NameComponents(givenNames: ["Ada"], familyNames: ["Lovelace"])), source: "test",
            createdAt: Timestamp(secondsSinceEpoch: 0)))

        #expect(original.lastSequence == 4)
        #expect(original.snapshotVersion == 2)
        #expect(original.provisional == false)
        #expect(original.recent.entries.map(\.commandID) == ["first"])
        #expect(original.state.version == 0)
        #expect(copy.lastSequence == 9)
        #expect(copy.snapshotVersion == 3)
        #expect(copy.provisional)
        #expect(copy.recent.entries.map(\.commandID) == ["first", "second"])
        #expect(copy.state.version == 1)
    }

    @Test func aJobCopyIsIndependentOfTheOriginal() {
        let metadata = CommandMetadata(commandID: "c1", correlationID: "c1", issuedAt: Timestamp(secondsSinceEpoch: 0))
        let original = CommandJob(command: "create", metadata: metadata, typeName: "CreatePerson", replyTo: "_INBOX.a", receivedAt: 5, cost: 64, deadline: 9)
        var again = original
        again.retried = true
        again.prerequisitesRead = true
        again.claimSequence = 12
        again.command = "create, with what was read"
        again.onAnswer = { _ in }

        #expect(!original.retried && !original.prerequisitesRead)
        #expect(original.claimSequence == nil)
        #expect(original.command == "create")
        #expect(original.onAnswer == nil)
        #expect(again.retried && again.prerequisitesRead)
        #expect(again.claimSequence == 12)
        #expect(again.command == "create, with what was read")
        #expect(again.onAnswer != nil)
        // What was not changed is shared by both.
        #expect(again.metadata.commandID == "c1" && again.typeName == "CreatePerson" && again.replyTo == "_INBOX.a")
        #expect(again.receivedAt == 5 && again.cost == 64 && again.deadline == 9)
    }
}
