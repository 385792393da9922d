import Synchronization

/// Wakes the drain each time a command is answered while the runtime drains, so it waits for the
/// last answer instead of polling. Outside a drain, answering costs one atomic load.
package final class DrainSignal: Sendable {
    let draining = Atomic<Bool>(false)
    let answers: AsyncStream<Void>
    let sink: AsyncStream<Void>.Continuation

    package init() {
        (answers, sink) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// From now on every answer wakes `waitUntil`.
    func begin() { draining.store(true, ordering: .sequentiallyConsistent) }

    /// A command was answered.
    func answered() {
        if draining.load(ordering: .relaxed) { sink.yield() }
    }

    /// Returns once `done()` holds, checked at the start and after every answer; cancellable.
    func waitUntil(_ done: @Sendable () -> Bool) async {
        if done() { return }
        for await _ in answers {
            if done() || Task.isCancelled { return }
        }
    }
}
