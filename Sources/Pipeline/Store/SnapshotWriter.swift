import Aggregates
import DequeModule
import Logging
import NATS
import NIOCore
import Synchronization

/// Writes snapshots off the command path: shards hand over a copy of an aggregate and go on; the
/// writer stores the newest copy of each aggregate, one write at a time per slot.
///
/// Bounded: at most `capacity` aggregates wait. When full, a new snapshot is skipped and counted
/// (a skipped snapshot loses nothing: the aggregate is replayed from an older one, or from its
/// first event). `finish()` writes what waits and then `run()` returns; after the deadline set by
/// `writeUntil` (the service's drain), what still waits is dropped with a warning, so a server that
/// stopped answering cannot hold the shutdown for a write timeout per queued snapshot.
package final class SnapshotWriter<Codec: DomainCodec>: Sendable {
    package typealias State = Codec.State

    struct Pending {
        var order = Deque<String>()
        var records: [String: (State.ID, AggregateRecord<State>)] = [:]
        var waiters = WaiterQueue<Void>()
        var finished = false
        var skipped = 0
        var writing = 0
        /// Nanoseconds after which, once finished, queued snapshots are dropped.
        var deadline: UInt64?
    }

    enum Step {
        case take(State.ID, AggregateRecord<State>)
        /// The deadline passed: these many queued snapshots were dropped.
        case drop(Int)
        case done
        case wait
    }

    let store: SnapshotStore<Codec>
    let capacity: Int
    let concurrency: Int
    let pending = Mutex(Pending())
    let logger: Logger
    /// Called after each write with its bytes and nanoseconds, or its error.
    let observe: @Sendable (Result<(bytes: Int, nanoseconds: UInt64), any Error>) -> Void
    let now: @Sendable () -> UInt64

    package init(
        store: SnapshotStore<Codec>, capacity: Int = 10_000, concurrency: Int = 4, logger: Logger,
        now: @escaping @Sendable () -> UInt64 = { NIODeadline.now().uptimeNanoseconds },
        observe: @escaping @Sendable (Result<(bytes: Int, nanoseconds: UInt64), any Error>) -> Void = { _ in }
    ) {
        self.store = store
        self.capacity = max(1, capacity)
        self.concurrency = max(1, concurrency)
        self.logger = logger
        self.now = now
        self.observe = observe
    }

    /// Queues a snapshot of `record`; a newer one for the same aggregate replaces an unwritten older one.
    /// - Returns: false when it was skipped because the queue is full or the writer finished.
    @discardableResult
    package func enqueue(_ record: AggregateRecord<State>, id: State.ID) -> Bool {
        let (accepted, waiter) = pending.withLock { pending -> (Bool, WaiterQueue<Void>.Waiter?) in
            guard !pending.finished else { return (false, nil) }
            let key = id.text
            if pending.records[key] == nil {
                guard pending.order.count < capacity else {
                    pending.skipped += 1
                    return (false, nil)
                }
                pending.order.append(key)
            }
            pending.records[key] = (id, record)
            return (true, pending.waiters.popFirst())
        }
        waiter?.resume()
        return accepted
    }

    /// Snapshots skipped because the queue was full.
    package var skipped: Int { pending.withLock { $0.skipped } }

    /// Once finished, snapshots not taken for writing by `deadline` (nanoseconds, the writer's
    /// clock) are dropped: the drain's time is up. Writes already under way end by their own timeout.
    package func writeUntil(_ deadline: UInt64) {
        pending.withLock { $0.deadline = deadline }
    }

    /// Snapshots waiting or being written.
    package var backlog: Int { pending.withLock { $0.order.count + $0.writing } }

    /// Writes until `finish()` was called and everything queued is written.
    package func run() async {
        await withDiscardingTaskGroup { group in
            for _ in 0..<concurrency {
                group.addTask { await self.writeLoop() }
            }
        }
    }

    /// Stops accepting snapshots; `run()` returns after writing the ones already queued.
    package func finish() {
        let waiters = pending.withLock { pending in
            pending.finished = true
            return pending.waiters.removeAll()
        }
        for waiter in waiters { waiter.resume() }
    }

    private func writeLoop() async {
        while let (id, record) = await next() {
            let start = NIODeadline.now().uptimeNanoseconds
            do {
                let bytes = try await store.write(record, id: id)
                observe(.success((bytes, NIODeadline.now().uptimeNanoseconds - start)))
            } catch {
                // A lost snapshot loses nothing (the events are stored); it costs replay time.
                logger.warning("snapshot write failed", metadata: ["aggregate": "\(id.text)", "version": "\(record.state.version)", "error": "\(error)"])
                observe(.failure(error))
            }
            pending.withLock { $0.writing -= 1 }
        }
    }

    /// The oldest queued snapshot, waiting while none is queued; `nil` once finished and empty.
    private func next() async -> (State.ID, AggregateRecord<State>)? {
        while true {
            let step = pending.withLock { pending -> Step in
                if pending.finished, !pending.order.isEmpty, let deadline = pending.deadline, now() >= deadline {
                    let count = pending.order.count
                    pending.order.removeAll()
                    pending.records.removeAll()
                    return .drop(count)
                }
                if !pending.order.isEmpty {
                    let key = pending.order.removeFirst()
                    guard let (id, record) = pending.records.removeValue(forKey: key) else { return .wait }
                    pending.writing += 1
                    return .take(id, record)
                }
                return pending.finished ? .done : .wait
            }
            switch step {
            case .take(let id, let record): return (id, record)
            case .drop(let count):
                logger.warning(
                    "the drain ran out of time: snapshots not written (their aggregates replay from an older snapshot or their first event; no event is lost)",
                    metadata: ["dropped": "\(count)"])
                return nil
            case .done:
                return nil
            case .wait:
                do {
                    try await withCheckedThrowingContinuation { (continuation: WaiterQueue<Void>.Waiter) in
                        let resumeNow = pending.withLock { pending -> Bool in
                            if !pending.order.isEmpty || pending.finished { return true }
                            pending.waiters.append(continuation)
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } catch {
                    // Waiters here are only ever resumed without an error.
                    logger.error("snapshot writer woken with an error", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
