import Synchronization
import Testing

@testable import NATS

@Suite struct WaiterQueueTests {
    /// Parks `count` tasks in a queue behind a lock, in order, and returns once all are parked.
    final class Harness: Sendable {
        let queue = Mutex(WaiterQueue<Int>())

        func park(_ id: UInt64) async throws -> Int {
            try await withCheckedThrowingContinuation { continuation in
                queue.withLock { $0.append(continuation, id: id) }
            }
        }

        var count: Int { queue.withLock { $0.count } }
    }

    @Test func waitersAreServedInArrivalOrderAndCanBeTakenOutById() async throws {
        let harness = Harness()
        let ids = harness.queue.withLock { queue in (0..<3).map { _ in queue.makeID() } }
        #expect(ids == [0, 1, 2])
        try await withThrowingTaskGroup(of: (UInt64, Result<Int, any Error>).self) { group in
            for id in ids {
                group.addTask {
                    do { return (id, .success(try await harness.park(id))) } catch { return (id, .failure(error)) }
                }
                while harness.count < Int(id) + 1 { await Task.yield() }  // park them in order
            }
            // The middle one is cancelled by id; the others are served first-in, first-out.
            harness.queue.withLock { $0.remove(id: 1) }?.resume(throwing: CancellationError())
            #expect(harness.queue.withLock { $0.remove(id: 1) } == nil)
            harness.queue.withLock { $0.popFirst() }?.resume(returning: 100)
            let rest = harness.queue.withLock { $0.removeAll() }
            #expect(rest.count == 1)
            for waiter in rest { waiter.resume(returning: 200) }
            #expect(harness.queue.withLock { $0.isEmpty })
            var results: [UInt64: Result<Int, any Error>] = [:]
            for try await (id, result) in group { results[id] = result }
            #expect(try results[0]?.get() == 100)
            #expect(try results[2]?.get() == 200)
            #expect(throws: CancellationError.self) { try results[1]?.get() }
        }
    }
}
