import Aggregates
import Testing

/// A minimal aggregate that exercises the protocol's fold and decide helpers.
private struct Counter: Aggregate {
    enum Command: Sendable { case add(Int) }
    enum Event: Sendable, Equatable { case added(Int) }
    struct Refused: Error, Equatable { let reason: String }

    var total = 0

    init() {}

    func decide(_ command: Command) throws(Refused) -> [Event] {
        switch command {
        case .add(let n):
            guard n > 0 else { throw Refused(reason: "must be positive") }
            return [.added(n)]
        }
    }

    mutating func apply(_ event: Event) {
        switch event {
        case .added(let n): total += n
        }
    }
}

@Suite struct AggregateTests {
    @Test func replayFoldsEventsInOrder() {
        #expect(Counter.replay([.added(1), .added(2), .added(3)]).total == 6)
    }

    @Test func handleReturnsEventsAndNewState() throws {
        let (state, events) = try Counter().handle(.add(4))
        #expect(events == [.added(4)])
        #expect(state.total == 4)
    }

    @Test func refusalIsTypedAndLeavesStateUnchanged() {
        let start = Counter.replay([.added(2)])
        #expect(throws: Counter.Refused(reason: "must be positive")) { try start.handle(.add(0)) }
        #expect(start.total == 2)
    }
}
