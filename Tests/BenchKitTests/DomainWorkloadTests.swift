import Testing

@testable import BenchKit

@Suite struct DomainWorkloadTests {
    @Test func readsRepliesOfTheContract() {
        let person = DomainWorkload(domain: .person)
        #expect(person.classify(Array(#"{"aggregate_id":{"id":"x"},"version":3,"events_generated":1}"#.utf8)) == .stored(version: 3))
        #expect(person.classify(Array(#"{"aggregate_id":{"id":"x"},"events_generated":1,"version":12}"#.utf8)) == .stored(version: 12))
        #expect(person.classify(Array(#"{"aggregate_id":{"id":"x"},"version":3,"events_generated":0}"#.utf8)) == .malformed)
        #expect(person.classify(Array(#"{"error":{"code":"busy","message":"full"}}"#.utf8)) == .refused(code: "busy"))
        #expect(person.classify(Array("nonsense".utf8)) == .malformed)
        let policy = DomainWorkload(domain: .policy)
        #expect(policy.classify(Array(#"{"id":"p","status":"accepted","version":2}"#.utf8)) == .stored(version: 2))
    }

    @Test func updatesArePaddedAndNeverRepeatAValue() {
        for domain in DomainWorkload.Domain.allCases {
            let workload = DomainWorkload(domain: domain, payloadBytes: 700)
            let first = workload.update(id: "00000000-0000-4000-8000-000000000001", variant: 1)
            let second = workload.update(id: "00000000-0000-4000-8000-000000000001", variant: 2)
            #expect(first.json.utf8.count == 700, "\(domain)")
            #expect(first.json != second.json, "\(domain)")
            #expect(first.subject.hasPrefix(domain.rawValue + ".commands."))
        }
    }

    @Test func errorCodesHaveKinds() {
        #expect(ErrorCounts.kind(ofCode: "busy") == .busy)
        // Not run: back-pressure, not an uncertain outcome for the oracle.
        #expect(ErrorCounts.kind(ofCode: "deadline_exceeded") == .busy)
        #expect(ErrorCounts.kind(ofCode: "conflict") == .conflicts)
        #expect(ErrorCounts.kind(ofCode: "store_unavailable") == .store)
        #expect(ErrorCounts.kind(ofCode: "already_exists") == .validation)
    }
}
