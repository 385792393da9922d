import Aggregates
import Testing

import typealias Aggregates.Person

@Suite struct PersonLifecycleTests {
    typealias F = Fixture

    // MARK: CreatePerson

    @Test func createPersonOnANewIDRecordsPersonCreatedAtTheCommandsTime() {
        let result = given([], when: .createPerson(personID: F.ada, name: F.lovelace, source: "api"))
        #expect(result.events == [.personCreated(personID: F.ada, name: F.lovelace, source: "api", createdAt: F.t1)])
    }

    @Test func createPersonOnAnExistingPersonIsRejected() {
        let result = given([F.created], when: .createPerson(personID: F.ada, name: F.king, source: "api"))
        #expect(result.code == .alreadyExists)
        #expect(result.field == "person_id")
    }

    @Test func createPersonOnADeceasedPersonIsRejectedAsExisting() {
        #expect(given([F.created, F.deceased], when: .createPerson(personID: F.ada, name: F.king, source: "api")).code == .alreadyExists)
    }

    @Test func createPersonWithABlankNameOrSourceNamesTheField() {
        #expect(given([], when: .createPerson(personID: F.ada, name: F.blank, source: "api")).field == "name")
        #expect(given([], when: .createPerson(personID: F.ada, name: F.lovelace, source: " ")).field == "source")
    }

    @Test func everyOtherCommandOnAMissingPersonIsNotFound() {
        for command in Self.nonCreateCommands {
            #expect(given([], when: command).code == .notFound, "\(command.typeName)")
        }
    }

    @Test func aCommandAddressedToAnotherPersonIsInvalid() {
        let result = given([F.created], when: .deactivatePerson(personID: F.bob, reason: "left"))
        #expect(result.code == .invalid)
        #expect(result.field == "person_id")
        let merge = given([F.created], when: .mergePersons(sourcePersonID: F.bob, targetPersonID: F.ada, mergeReason: .userRequested))
        #expect(merge.field == "source_person_id")
    }

    // MARK: DeactivatePerson / ReactivatePerson

    @Test func deactivatePersonRecordsTheReason() {
        #expect(given([F.created], when: .deactivatePerson(personID: F.ada, reason: "left")).events
            == [.personDeactivated(personID: F.ada, reason: "left", deactivatedAt: F.t1)])
    }

    @Test func deactivatingTwiceSaysNoChange() {
        #expect(given([F.created, F.deactivated], when: .deactivatePerson(personID: F.ada, reason: "again")).code == .noChange)
    }

    @Test func aDeactivatedPersonCanBeReactivated() throws {
        let result = given([F.created, F.deactivated], when: .reactivatePerson(personID: F.ada, reason: "back"))
        #expect(result.events == [.personReactivated(personID: F.ada, reason: "back", reactivatedAt: F.t1)])
        let state = Person.replay([F.created, F.deactivated] + (result.events ?? []))
        #expect(state.status == .active)
        #expect(state.version == 3)
    }

    @Test func reactivatingAnActivePersonSaysNoChange() {
        #expect(given([F.created], when: .reactivatePerson(personID: F.ada, reason: "back")).code == .noChange)
    }

    @Test func emptyOrBlankReasonsAreRejected() {
        let history = [F.created, F.deactivated]
        #expect(given([F.created], when: .deactivatePerson(personID: F.ada, reason: "")).code == .emptyReason)
        #expect(given(history, when: .reactivatePerson(personID: F.ada, reason: "  ")).code == .emptyReason)
        #expect(given([F.created], when: .archivePerson(personID: F.ada, reason: "")).code == .emptyReason)
        #expect(given([F.created], when: .updateName(personID: F.ada, name: F.king, reason: "")).code == .emptyReason)
        #expect(given([F.created, F.recordedHeight], when: .invalidateAttribute(personID: F.ada, attributeType: F.height, reason: "\n")).code == .emptyReason)
        #expect(given([F.created], when: .deactivatePerson(personID: F.ada, reason: "")).field == "reason")
    }

    @Test func aDeactivatedPersonRefusesChangesUntilReactivated() {
        let history = [F.created, F.deactivated]
        #expect(given(history, when: .updateName(personID: F.ada, name: F.king, reason: nil)).code == .deactivated)
        #expect(given(history, when: .setBirthDate(personID: F.ada, birthDate: F.born)).code == .deactivated)
        #expect(given(history, when: .recordAttribute(personID: F.ada, attribute: F.tall())).code == .deactivated)
    }

    @Test func aDeactivatedPersonCanStillDieOrBeMerged() {
        let history = [F.created, F.deactivated]
        #expect(given(history, when: .recordDeath(personID: F.ada, dateOfDeath: F.died)).events?.count == 1)
        #expect(given(history, when: .mergePersons(sourcePersonID: F.ada, targetPersonID: F.bob, mergeReason: .userRequested)).events?.count == 1)
    }

    // MARK: RecordDeath / MergePersons: terminal

    @Test func recordDeathMakesThePersonDeceased() {
        let result = given([F.created], when: .recordDeath(personID: F.ada, dateOfDeath: F.died))
        #expect(result.events == [.deathRecorded(personID: F.ada, dateOfDeath: F.died, recordedAt: F.t1)])
        #expect(Person.replay([F.created] + (result.events ?? [])).status == .deceased(dateOfDeath: F.died))
    }

    @Test func aDeathBeforeTheBirthDateIsInvalid() {
        let born = PersonEvent.birthDateSet(personID: F.ada, birthDate: F.died, setAt: F.t0)
        let result = given([F.created, born], when: .recordDeath(personID: F.ada, dateOfDeath: F.born))
        #expect(result.code == .invalid)
        #expect(result.field == "date_of_death")
    }

    @Test func aDeceasedPersonIsTerminal() {
        for command in Self.nonCreateCommands {
            #expect(given([F.created, F.deceased], when: command).code == .deceased, "\(command.typeName)")
        }
    }

    @Test func mergePersonsRecordsTheTargetAndNeverTouchesIt() {
        let result = given([F.created], when: .mergePersons(sourcePersonID: F.ada, targetPersonID: F.bob, mergeReason: .duplicateIdentity))
        #expect(result.events == [.personMergedInto(sourcePersonID: F.ada, mergedIntoID: F.bob, mergeReason: .duplicateIdentity, mergedAt: F.t1)])
        #expect(Person.replay([F.created] + (result.events ?? [])).status == .mergedInto(F.bob, reason: .duplicateIdentity))
    }

    @Test func mergingIntoItselfIsInvalid() {
        let result = given([F.created], when: .mergePersons(sourcePersonID: F.ada, targetPersonID: F.ada, mergeReason: .userRequested))
        #expect(result.code == .invalid)
        #expect(result.field == "target_person_id")
    }

    @Test func aMergedPersonIsTerminal() {
        for command in Self.nonCreateCommands {
            let result = given([F.created, F.merged], when: command)
            #expect(result.code == .merged, "\(command.typeName)")
            if case .failure(let error) = result { #expect(error.isTerminal) }
        }
    }

    // MARK: ArchivePerson

    @Test func archivePersonSaysItRecordsNothingInsteadOfPretending() {
        #expect(given([F.created], when: .archivePerson(personID: F.ada, reason: "gdpr")).code == .notSupported)
    }

    /// One of each command except `CreatePerson`, all addressed to Ada and valid against a fresh active Ada.
    static let nonCreateCommands: [PersonCommand] = [
        .updateName(personID: F.ada, name: F.king, reason: "married"),
        .setBirthDate(personID: F.ada, birthDate: F.born),
        .recordDeath(personID: F.ada, dateOfDeath: F.died),
        .deactivatePerson(personID: F.ada, reason: "left"),
        .reactivatePerson(personID: F.ada, reason: "back"),
        .mergePersons(sourcePersonID: F.ada, targetPersonID: F.bob, mergeReason: .userRequested),
        .archivePerson(personID: F.ada, reason: "gdpr"),
        .recordAttribute(personID: F.ada, attribute: F.tall()),
        .updateAttribute(personID: F.ada, attributeType: F.height, newAttribute: F.tall(1.8)),
        .invalidateAttribute(personID: F.ada, attributeType: F.height, reason: nil),
    ]
}
