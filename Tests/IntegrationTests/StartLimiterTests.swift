import Synchronization
import Testing

@testable import TestSupport

/// The fixtures' start-up semaphore: a restart waits ahead of first starts.
@Suite struct StartLimiterTests {
    final class Served: Sendable {
        let names = Mutex<[String]>([])
    }

    @Test func aWaiterAheadIsServedBeforeTheOthersAndTheOthersInOrder() async {
        let limiter = StartLimiter(limit: 1)
        let served = Served()
        await limiter.acquire()
        await withTaskGroup(of: Void.self) { group in
            // Queued one at a time, so the order of arrival is known.
            let callers = [("first", false), ("second", false), ("restart", true), ("restart 2", true)]
            for (index, (name, ahead)) in callers.enumerated() {
                group.addTask {
                    await limiter.acquire(ahead: ahead)
                    served.names.withLock { $0.append(name) }
                    limiter.release()
                }
                // The slot is held, so each caller waits: queued one at a time, in a known order.
                while limiter.waiting < index + 1 { await Task.yield() }
            }
            limiter.release()
            await group.waitForAll()
        }
        #expect(served.names.withLock { $0 } == ["restart", "restart 2", "first", "second"])
    }
}
