/// A pure event-sourced aggregate: state is a fold of its events, and commands are decided
/// against the current state without I/O, clocks or randomness (those arrive inside commands).
public protocol Aggregate: Sendable {
    associatedtype Command: Sendable
    associatedtype Event: Sendable
    associatedtype Failure: Error

    /// The state before the first event.
    init()

    /// The events that `command` produces against the current state, or a typed refusal.
    func decide(_ command: Command) throws(Failure) -> [Event]

    /// The state after `event`.
    mutating func apply(_ event: Event)
}

extension Aggregate {
    /// Folds `events` into a fresh state.
    public static func replay(_ events: some Sequence<Event>) -> Self {
        var state = Self()
        for event in events { state.apply(event) }
        return state
    }

    /// Decides `command` and applies the resulting events; returns them with the new state.
    public func handle(_ command: Command) throws(Failure) -> (state: Self, events: [Event]) {
        let events = try decide(command)
        var next = self
        for event in events { next.apply(event) }
        return (next, events)
    }
}
