import Aggregates
import Testing

/// Shared values for the Person tests: fixed ids, names, times and a given-when-then helper.
enum Fixture {
    static let ada = PersonID(text: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")!
    static let bob = PersonID(text: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c")!
    static let t0 = Timestamp(secondsSinceEpoch: 1_762_714_800)  // 2025-11-09T19:00:00Z
    static let t1 = Timestamp(secondsSinceEpoch: 1_762_801_200)  // 2025-11-10T19:00:00Z

    static let lovelace = PersonName(components: NameComponents(givenNames: ["Ada"], familyNames: ["Lovelace"]))
    static let king = PersonName(components: NameComponents(givenNames: ["Ada"], familyNames: ["King"]))
    static let blank = PersonName(components: NameComponents(givenNames: [" "], familyNames: []))

    static let born = CalendarDate(year: 1815, month: 12, day: 10)!
    static let died = CalendarDate(year: 1852, month: 11, day: 27)!

    static let height = AttributeType.physical("Height")
    static func tall(_ metres: Double = 1.75) -> PersonAttribute {
        PersonAttribute(
            attributeType: height, value: .length(metres),
            temporal: TemporalValidity(recordedAt: t0, validFrom: CalendarDate(year: 2020, month: 1, day: 1)),
            provenance: Provenance(source: .measured, confidence: .certain))
    }

    static let created = PersonEvent.personCreated(personID: ada, name: lovelace, source: "api", createdAt: t0)
    static let deactivated = PersonEvent.personDeactivated(personID: ada, reason: "left", deactivatedAt: t0)
    static let deceased = PersonEvent.deathRecorded(personID: ada, dateOfDeath: died, recordedAt: t0)
    static let merged = PersonEvent.personMergedInto(
        sourcePersonID: ada, mergedIntoID: bob, mergeReason: .duplicateIdentity, mergedAt: t0)
    static let recordedHeight = PersonEvent.attributeRecorded(personID: ada, attribute: tall(), recordedAt: t0)

    static func issued(_ body: PersonCommand, at time: Timestamp = t1) -> Issued<PersonCommand> {
        Issued(body, metadata: CommandMetadata(commandID: "cmd-1", correlationID: "conv-1", issuedAt: time))
    }
}

/// Given `history`, when `command` is decided at `Fixture.t1`: the events, or the refusal.
func given(_ history: [PersonEvent], when command: PersonCommand) -> Result<[PersonEvent], PersonError> {
    let state = Person.replay(history)
    do throws(PersonError) {
        return .success(try state.decide(Fixture.issued(command)))
    } catch {
        return .failure(error)
    }
}
