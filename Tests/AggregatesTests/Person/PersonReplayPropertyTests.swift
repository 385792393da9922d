import Aggregates
import Testing

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny deterministic generator; seeds are fixed in the test.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct PersonReplayPropertyTests {
    typealias F = Fixture

    /// A random command drawn from small pools, so collisions (no change, not found, terminal) are common.
    static func randomCommand(using rng: inout SplitMix64) -> PersonCommand {
        let id = Int.random(in: 0..<10, using: &rng) == 0 ? F.bob : F.ada
        let names = [F.lovelace, F.king, F.blank]
        let reasons: [String?] = [nil, "", " ", "moved", "back"]
        let dates = [F.born, F.died, CalendarDate(year: 1830, month: 6, day: 1)!]
        let types = [F.height, AttributeType.physical("EyeColor"), .custom(CustomAttributeType(organization: "acme", attributeName: "badge", category: "work"))]
        func attribute() -> PersonAttribute {
            var a = F.tall([1.6, 1.75, 1.8].randomElement(using: &rng)!)
            a.attributeType = types.randomElement(using: &rng)!
            return a
        }
        func reason() -> String { reasons.randomElement(using: &rng)! ?? "" }
        switch Int.random(in: 0..<11, using: &rng) {
        case 0: return .createPerson(personID: id, name: names.randomElement(using: &rng)!, source: ["api", ""].randomElement(using: &rng)!)
        case 1: return .updateName(personID: id, name: names.randomElement(using: &rng)!, reason: reasons.randomElement(using: &rng)!)
        case 2: return .setBirthDate(personID: id, birthDate: dates.randomElement(using: &rng)!)
        case 3: return Int.random(in: 0..<4, using: &rng) == 0 ? .recordDeath(personID: id, dateOfDeath: dates.randomElement(using: &rng)!) : .archivePerson(personID: id, reason: reason())
        case 4: return .deactivatePerson(personID: id, reason: reason())
        case 5: return .reactivatePerson(personID: id, reason: reason())
        case 6:
            let target = Bool.random(using: &rng) ? F.bob : F.ada
            return Int.random(in: 0..<4, using: &rng) == 0 ? .mergePersons(sourcePersonID: id, targetPersonID: target, mergeReason: MergeReason.allCases.randomElement(using: &rng)!) : .deactivatePerson(personID: id, reason: reason())
        case 7, 8: return .recordAttribute(personID: id, attribute: attribute())
        case 9:
            let new = attribute()
            let type = Bool.random(using: &rng) ? new.attributeType : types.randomElement(using: &rng)!
            return .updateAttribute(personID: id, attributeType: type, newAttribute: new)
        default: return .invalidateAttribute(personID: id, attributeType: types.randomElement(using: &rng)!, reason: reasons.randomElement(using: &rng)!)
        }
    }

    @Test(arguments: 0..<200 as Range<UInt64>)
    func replayingDecidedEventsGivesTheStateTheDecidingSaw(seed: UInt64) {
        _ = Self.run(seed: seed)
    }

    /// The sequences are not trivial: across the seeds every event `decide` can emit shows up,
    /// and so do the main refusals.
    @Test func theSeedsCoverEveryDecidedEventAndTheMainRefusals() {
        var events: Set<String> = []
        var codes: Set<String> = []
        for seed in 0..<200 as Range<UInt64> {
            let (log, refused) = Self.run(seed: seed)
            events.formUnion(log.map(\.typeName))
            codes.formUnion(refused.map(\.description))
        }
        #expect(events == ["PersonCreated", "NameUpdated", "BirthDateSet", "DeathRecorded", "PersonDeactivated", "PersonReactivated", "PersonMergedInto", "AttributeRecorded", "AttributeUpdated", "AttributeInvalidated"])
        #expect(codes.isSuperset(of: ["alreadyExists", "notFound", "deceased", "merged", "deactivated", "emptyReason", "noChange", "invalid", "attributeNotFound", "notSupported"]))
    }

    /// Decides a random sequence for `seed`, checking after every step that replaying the log
    /// gives the state the deciding saw. Returns the log and the refusal codes.
    static func run(seed: UInt64) -> (log: [PersonEvent], refused: [PersonError.Code]) {
        var rng = SplitMix64(state: seed)
        var state = Person()
        var log: [PersonEvent] = []
        var refused: [PersonError.Code] = []
        let steps = Int.random(in: 1...60, using: &rng)
        for step in 0..<steps {
            let command = F.issued(Self.randomCommand(using: &rng), at: Timestamp(secondsSinceEpoch: 1_700_000_000 + Int64(step) * 3_600))
            do throws(PersonError) {
                let (next, events) = try state.handle(command)
                #expect(!events.isEmpty, "an accepted command always records something")
                #expect(events.allSatisfy { $0.personID == Person.target(of: command) })
                log += events
                state = next
            } catch {
                // A refusal records nothing: the state stays what it was.
                refused.append(error.code)
            }
            #expect(Person.replay(log) == state, "seed \(seed), step \(step)")
            #expect(state.version == log.count)
        }
        #expect(refused.count <= steps)
        return (log, refused)
    }

    @Test func theGeneratorIsDeterministic() {
        var a = SplitMix64(state: 42), b = SplitMix64(state: 42)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        var zero = SplitMix64(state: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }
}
