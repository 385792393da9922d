import NIOCore
import Testing

@testable import Pipeline

/// How a durably delivered command leaves the work queue, and how durable subjects map to
/// command subjects: pure rules, no server.
@Suite struct DurableDeliveryTests {
    let success: Result<[UInt8], ReplyError> = .success(Array(#"{"version":1}"#.utf8))

    @Test func finalOutcomesAreAnsweredAndAcknowledged() {
        let first = DurableDelivery(ackSubject: "$JS.ACK.x", delivered: 1, maxDeliver: 10)
        #expect(first.settle(success) == .answer)
        // A domain rejection or bad input is final: another delivery decides the same.
        #expect(first.settle(.failure(ReplyError(code: "deceased", message: "terminal"))) == .answer)
        #expect(first.settle(.failure(ReplyError(code: "malformed_json", message: "x"))) == .answer)
    }

    @Test func retryableFailuresAreDeliveredAgainWithAGrowingDelay() {
        let busy = ReplyError.busy(shard: 0)
        let delays = (1...8).map { delivered -> DurableDelivery.Settlement in
            DurableDelivery(ackSubject: "a", delivered: UInt64(delivered), maxDeliver: 10).settle(.failure(busy))
        }
        #expect(delays == [
            .redeliver(delay: .milliseconds(100)), .redeliver(delay: .milliseconds(200)), .redeliver(delay: .milliseconds(400)),
            .redeliver(delay: .milliseconds(800)), .redeliver(delay: .milliseconds(1600)), .redeliver(delay: .milliseconds(3200)),
            .redeliver(delay: .seconds(5)), .redeliver(delay: .seconds(5)),
        ])
        let conflict = ReplyError(code: "conflict", message: "x", retryable: true)
        #expect(DurableDelivery(ackSubject: "a", delivered: 1, maxDeliver: 10).settle(.failure(conflict)) == .redeliver(delay: .milliseconds(100)))
    }

    @Test func aReplicaShuttingDownHandsTheCommandOnAtOnce() {
        let delivery = DurableDelivery(ackSubject: "a", delivered: 3, maxDeliver: 10)
        #expect(delivery.settle(.failure(.shuttingDown)) == .redeliver(delay: nil))
    }

    @Test func theLastDeliveryAnswersWithTheFailure() {
        let busy = ReplyError.busy(shard: 1)
        #expect(DurableDelivery(ackSubject: "a", delivered: 9, maxDeliver: 10).settle(.failure(busy)) == .redeliver(delay: .seconds(5)))
        #expect(DurableDelivery(ackSubject: "a", delivered: 10, maxDeliver: 10).settle(.failure(busy)) == .answer)
        #expect(DurableDelivery(ackSubject: "a", delivered: 1, maxDeliver: 1).settle(.failure(busy)) == .answer)
        // A nonsensical limit still answers rather than looping.
        #expect(DurableDelivery(ackSubject: "a", delivered: 1, maxDeliver: 0).settle(.failure(busy)) == .answer)
    }

    @Test func nakBodiesCarryTheDelayInNanoseconds() {
        #expect(String(buffer: Replier.nakBody(delay: nil)) == "-NAK")
        #expect(String(buffer: Replier.nakBody(delay: .milliseconds(250))) == #"-NAK {"delay":250000000}"#)
        #expect(String(buffer: Replier.ackBody) == "+ACK")
    }

    @Test func durableSubjectsMapToCommandSubjects() {
        let configuration = DurableIntakeConfiguration(domain: "person", consumerName: "person-service", maxAckPending: 100)
        #expect(configuration.streamName == "PERSON_COMMANDS")
        #expect(configuration.subjects(for: ["person.commands.>"]) == ["durable.person.commands.>"])
        #expect(configuration.commandSubject(of: "durable.person.commands.create") == "person.commands.create")
        #expect(configuration.commandSubject(of: "durable") == nil)
        #expect(configuration.commandSubject(of: "durable.") == nil)
        #expect(configuration.commandSubject(of: "durablex.person.commands.create") == nil)
        #expect(configuration.commandSubject(of: "person.commands.create") == nil)
    }
}
