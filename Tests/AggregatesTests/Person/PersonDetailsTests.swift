import Aggregates
import Testing

@Suite struct PersonDetailsTests {
    typealias F = Fixture

    // MARK: UpdateName

    @Test func updateNameRecordsOldAndNewName() {
        #expect(given([F.created], when: .updateName(personID: F.ada, name: F.king, reason: "married")).events
            == [.nameUpdated(personID: F.ada, oldName: F.lovelace, newName: F.king, reason: "married", updatedAt: F.t1)])
    }

    @Test func updateNameToTheSameNameSaysNoChange() {
        #expect(given([F.created], when: .updateName(personID: F.ada, name: F.lovelace, reason: nil)).code == .noChange)
    }

    @Test func updateNameToABlankNameIsInvalid() {
        #expect(given([F.created], when: .updateName(personID: F.ada, name: F.blank, reason: nil)).field == "name")
    }

    @Test func legacyPersonUpdatedStillReplacesTheName() {
        let legacy = PersonEvent.personUpdated(personID: F.ada, name: F.king, updatedAt: F.t1)
        #expect(Person.replay([F.created, legacy]).name == F.king)
    }

    // MARK: SetBirthDate

    @Test func setBirthDateRecordsIt() {
        #expect(given([F.created], when: .setBirthDate(personID: F.ada, birthDate: F.born)).events
            == [.birthDateSet(personID: F.ada, birthDate: F.born, setAt: F.t1)])
    }

    @Test func setBirthDateAgainSaysNoChangeOrConflict() {
        let history = [F.created, PersonEvent.birthDateSet(personID: F.ada, birthDate: F.born, setAt: F.t0)]
        #expect(given(history, when: .setBirthDate(personID: F.ada, birthDate: F.born)).code == .noChange)
        let other = given(history, when: .setBirthDate(personID: F.ada, birthDate: F.died))
        #expect(other.code == .conflict)
        #expect(other.field == "birth_date")
    }

    // MARK: RecordAttribute / UpdateAttribute / InvalidateAttribute

    @Test func recordAttributeAppendsIt() {
        let result = given([F.created], when: .recordAttribute(personID: F.ada, attribute: F.tall()))
        #expect(result.events == [.attributeRecorded(personID: F.ada, attribute: F.tall(), recordedAt: F.t1)])
        #expect(Person.replay([F.created] + (result.events ?? [])).attributes == [F.tall()])
    }

    @Test func recordingTheSameAttributeTwiceSaysNoChange() {
        #expect(given([F.created, F.recordedHeight], when: .recordAttribute(personID: F.ada, attribute: F.tall())).code == .noChange)
    }

    @Test func updateAttributeReplacesTheCurrentOne() {
        let result = given([F.created, F.recordedHeight], when: .updateAttribute(personID: F.ada, attributeType: F.height, newAttribute: F.tall(1.8)))
        #expect(result.events == [.attributeUpdated(personID: F.ada, attributeType: F.height, oldAttribute: F.tall(), newAttribute: F.tall(1.8), updatedAt: F.t1)])
        #expect(Person.replay([F.created, F.recordedHeight] + (result.events ?? [])).attributes == [F.tall(1.8)])
    }

    @Test func updateAttributeWithoutACurrentOneIsAttributeNotFound() {
        let result = given([F.created], when: .updateAttribute(personID: F.ada, attributeType: F.height, newAttribute: F.tall(1.8)))
        #expect(result.code == .attributeNotFound)
        #expect(result.field == "attribute_type")
    }

    @Test func updateAttributeWithAMismatchedTypeNamesNewAttribute() {
        var eyes = F.tall()
        eyes.attributeType = .physical("EyeColor")
        let result = given([F.created, F.recordedHeight], when: .updateAttribute(personID: F.ada, attributeType: F.height, newAttribute: eyes))
        #expect(result.code == .invalid)
        #expect(result.field == "new_attribute")
    }

    @Test func updateAttributeToTheSameValueSaysNoChange() {
        #expect(given([F.created, F.recordedHeight], when: .updateAttribute(personID: F.ada, attributeType: F.height, newAttribute: F.tall())).code == .noChange)
    }

    @Test func invalidateAttributeEndsItsValidityOnTheDayOfInvalidation() {
        let result = given([F.created, F.recordedHeight], when: .invalidateAttribute(personID: F.ada, attributeType: F.height, reason: "wrong"))
        #expect(result.events == [.attributeInvalidated(personID: F.ada, attributeType: F.height, invalidatedAt: F.t1, reason: "wrong")])
        let state = Person.replay([F.created, F.recordedHeight] + (result.events ?? []))
        #expect(state.attributes.first?.temporal.validUntil == F.t1.date)
        #expect(state.currentAttributes(of: F.height).isEmpty)
    }

    @Test func invalidatingWhatIsNotCurrentIsAttributeNotFound() {
        let gone = PersonEvent.attributeInvalidated(personID: F.ada, attributeType: F.height, invalidatedAt: F.t0, reason: nil)
        #expect(given([F.created], when: .invalidateAttribute(personID: F.ada, attributeType: F.height, reason: nil)).code == .attributeNotFound)
        #expect(given([F.created, F.recordedHeight, gone], when: .invalidateAttribute(personID: F.ada, attributeType: F.height, reason: nil)).code == .attributeNotFound)
    }

    @Test func anInvalidatedAttributeCanBeRecordedAgain() {
        let gone = PersonEvent.attributeInvalidated(personID: F.ada, attributeType: F.height, invalidatedAt: F.t0, reason: nil)
        #expect(given([F.created, F.recordedHeight, gone], when: .recordAttribute(personID: F.ada, attribute: F.tall())).events?.count == 1)
    }
}
