import Aggregates
import Testing

@Suite struct PersonValueTests {
    @Test func personIDAcceptsCanonicalUUIDsAndLowersThem() {
        #expect(PersonID(text: "0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")?.text == "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
        #expect(PersonID(text: Fixture.ada.text) == Fixture.ada)
    }

    @Test(arguments: [
        "", "0193a1b2c3d47e5f8a9b0c1d2e3f4a5b", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5", "0193a1b2-c3d4-7e5f-8a9b_0c1d2e3f4a5b",
        "g193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "{0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b}", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5é",
    ])
    func personIDRejectsAnythingElse(text: String) {
        #expect(PersonID(text: text) == nil)
    }

    @Test func parsingErrorsNameTheField() {
        #expect(throws: PersonError(.invalid, field: "target_person_id", message: "not a UUID: nope")) {
            try PersonID(parsing: "nope", field: "target_person_id")
        }
    }

    @Test func eventsCarryTheContractsNamesAndSubjectSuffixes() {
        let t = Fixture.t0, id = Fixture.ada, name = Fixture.lovelace, a = Fixture.tall(), h = Fixture.height
        let table: [(PersonEvent, String, String)] = [
            (.personCreated(personID: id, name: name, source: "api", createdAt: t), "PersonCreated", "created"),
            (.personUpdated(personID: id, name: name, updatedAt: t), "PersonUpdated", "updated"),
            (.nameUpdated(personID: id, oldName: name, newName: name, reason: nil, updatedAt: t), "NameUpdated", "name_updated"),
            (.birthDateSet(personID: id, birthDate: Fixture.born, setAt: t), "BirthDateSet", "birth_date_set"),
            (.deathRecorded(personID: id, dateOfDeath: Fixture.died, recordedAt: t), "DeathRecorded", "death_recorded"),
            (.personDeactivated(personID: id, reason: "r", deactivatedAt: t), "PersonDeactivated", "deactivated"),
            (.personReactivated(personID: id, reason: "r", reactivatedAt: t), "PersonReactivated", "reactivated"),
            (Fixture.merged, "PersonMergedInto", "merged"),
            (.attributeRecorded(personID: id, attribute: a, recordedAt: t), "AttributeRecorded", "attribute_recorded"),
            (.attributeUpdated(personID: id, attributeType: h, oldAttribute: a, newAttribute: a, updatedAt: t), "AttributeUpdated", "attribute_updated"),
            (.attributeInvalidated(personID: id, attributeType: h, invalidatedAt: t, reason: nil), "AttributeInvalidated", "attribute_invalidated"),
        ]
        for (event, typeName, suffix) in table {
            #expect(event.typeName == typeName)
            #expect(event.subjectSuffix == suffix)
            #expect(event.personID == id)
        }
    }

    @Test func envelopesOfADecisionDeriveCorrelationAndCausationFromTheCommand() throws {
        let command = Fixture.issued(.createPerson(personID: Fixture.ada, name: Fixture.lovelace, source: "api"))
        let state = Person()
        let events = try state.decide(command)
        let envelopes = EventEnvelope.wrap(events, aggregateID: Person.target(of: command), after: state.version, metadata: command.metadata)
        #expect(envelopes.map(\.sequence) == [1])
        #expect(envelopes.first?.aggregateID == Fixture.ada)
        #expect(envelopes.first?.correlationID == "conv-1")
        #expect(envelopes.first?.causationID == "cmd-1")
        #expect(envelopes.first?.timestamp == Fixture.t1)
    }

    @Test func versionCountsEveryAppliedEvent() {
        let state = Person.replay([Fixture.created, Fixture.deactivated, Fixture.merged])
        #expect(state.version == 3)
        #expect(state.id == Fixture.ada)
        #expect(Person().version == 0)
        #expect(Person().id == nil)
    }
}
