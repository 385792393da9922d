import Aggregates
import Testing

/// Random command sequences over five ids (policies, a set and exemptions compete for them), each
/// decided with its references read from the current states (as a runtime reads them): replaying
/// each id's decided events gives the state the deciding saw, every stored envelope reads back
/// as written, and the catalog fed with the stream holds the same states.
@Suite struct PolicyReplayPropertyTests {
    typealias P = PolicyFixture
    typealias C = PolicyCodecFixture

    static let ids = [P.retention, P.privacy, P.security, P.baseline, P.waiver]

    /// A random command from small pools, so refusals (wrong kind, invalid transition, no change,
    /// already member …) are common. Some values break rules on purpose. Half the status commands
    /// are a move the policy's current status allows, so long lifecycles happen too.
    static func randomCommand(using rng: inout SplitMix64, states: [PolicyAggregateID: PolicyAggregate]) -> PolicyCommand {
        func pick<T>(_ values: [T]) -> T { values.randomElement(using: &rng)! }
        let id = pick(ids)
        let reasons = ["", "audit", "because"]
        let actors: [String?] = [nil, "bob", " "]
        let rules = [[], [P.sevenYears], [P.sevenYears, P.encrypted], [P.sevenYears, P.sevenYears]]
        let targets: [PolicyTarget] = [.global, .organization(P.acme), .composite([.organization(P.globex)]), .composite([])]
        switch Int.random(in: 0..<16, using: &rng) {
        case 0, 1:
            return .create(P.definition(id, name: pick(["Policy", "", "Other"]), enforcement: pick(EnforcementLevel.allCases), rules: pick(rules), target: pick(targets)), createdBy: pick(actors))
        case 2:
            return .update(PolicyChanges(policyID: id, name: pick([nil, "Policy", "Renamed"]), rules: pick([nil] + rules.map(Optional.some)), enforcement: pick([nil, .advisory, .hard])))
        case 3...8:
            if let status = states[id]?.policy?.status, Bool.random(using: &rng),
                let legal = PolicyTransition.allCases.filter({ $0.sources.contains(status) }).randomElement(using: &rng)
            {
                return .changeStatus(PolicyStatusChange(policyID: id, transition: legal, actor: "bob", reason: "because"))
            }
            return .changeStatus(PolicyStatusChange(policyID: id, transition: pick(PolicyTransition.allCases), actor: pick(actors), reason: pick(reasons), notes: pick([nil, "ok"])))
        case 9:
            return .createSet(PolicySetDefinition(policySetID: id, name: "Set", composition: pick([.all, .any, .atLeast(2), .atLeast(0)]), policyIDs: pick([[], [P.retention], [P.retention, P.privacy]])), createdBy: nil)
        case 10, 11:
            return .addToSet(policySetID: id, policyID: pick(ids), addedBy: pick(actors))
        case 12:
            return .removeFromSet(policySetID: id, policyID: pick(ids), removedBy: nil, reason: pick([nil, "", "old"]))
        case 13, 14:
            let until = pick([P.t0, P.t1, P.t2])
            return .grantExemption(ExemptionGrant(exemptionID: id, policyID: pick(ids), reason: pick(reasons), grantedBy: pick(["carol", ""]), validUntil: until, target: pick([nil, .organization(P.acme)])))
        default:
            return .revokeExemption(exemptionID: id, revokedBy: pick(actors), reason: pick(reasons))
        }
    }

    @Test(arguments: 0..<200 as Range<UInt64>)
    func replayingDecidedEventsGivesTheStateTheDecidingSaw(seed: UInt64) {
        _ = Self.run(seed: seed)
    }

    /// The sequences are not trivial: across the seeds every event and the main refusals show up.
    @Test func theSeedsCoverEveryEventAndTheMainRefusals() {
        var events: Set<String> = []
        var codes: Set<String> = []
        for seed in 0..<200 as Range<UInt64> {
            let (logs, refused) = Self.run(seed: seed)
            events.formUnion(logs.values.joined().map(\.typeName))
            codes.formUnion(refused.map(\.description))
        }
        #expect(events == Set(PolicyEvent.typeNames))
        #expect(codes.isSuperset(of: [
            "already_exists", "not_found", "wrong_kind", "invalid", "invalid_transition", "not_editable", "no_change", "empty_reason",
            "already_member", "not_member",
        ]))
        #expect(!codes.contains("references_unavailable"))
    }

    static func run(seed: UInt64) -> (logs: [PolicyAggregateID: [PolicyEvent]], refused: [PolicyError.Code]) {
        var rng = SplitMix64(state: seed)
        var states: [PolicyAggregateID: PolicyAggregate] = [:]
        var logs: [PolicyAggregateID: [PolicyEvent]] = [:]
        var catalog = PolicyCatalog()
        var refused: [PolicyError.Code] = []
        for step in 0..<Int.random(in: 1...100, using: &rng) {
            let request = PolicyAggregate.resolvingReferences(of: P.request(randomCommand(using: &rng, states: states)), in: states)
            let target = PolicyAggregate.target(of: request)
            let state = states[target] ?? PolicyAggregate()
            do throws(PolicyError) {
                let (next, events) = try state.handle(request)
                #expect(!events.isEmpty, "an accepted command always records something")
                #expect(events.allSatisfy { $0.aggregateID == target })
                for envelope in EventEnvelope.wrap(events, aggregateID: target, after: state.version, metadata: P.metadata) {
                    #expect((try? C.decodeEvent(C.encoded(envelope)).get()) == envelope, "seed \(seed), step \(step)")
                    catalog.apply(envelope)
                }
                logs[target, default: []] += events
                states[target] = next
                #expect((try? C.decodeState(C.encodedState(next)).get()) == next)
            } catch {
                refused.append(error.code)
            }
            for id in ids {
                let log = logs[id] ?? []
                #expect(PolicyAggregate.replay(log) == (states[id] ?? PolicyAggregate()), "seed \(seed), step \(step), \(id.text)")
                #expect((states[id]?.version ?? 0) == log.count)
                #expect(catalog.states[id] == states[id])
                // A set only ever holds policies, each once.
                if let members = states[id]?.policySet?.policyIDs {
                    #expect(Set(members).count == members.count)
                    #expect(members.allSatisfy { states[$0]?.policy != nil })
                }
            }
        }
        return (logs, refused)
    }
}
