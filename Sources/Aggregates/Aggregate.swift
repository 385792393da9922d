/// A pure event-sourced aggregate: state is a fold of its events, and commands are decided
/// against the current state without I/O, clocks or randomness (those arrive inside commands).
public protocol Aggregate: Sendable {
    associatedtype ID: AggregateID
    associatedtype Command: Sendable
    associatedtype Event: AggregateEvent
    associatedtype Failure: Error

    /// The state before the first event.
    init()

    /// The aggregate's identity once its first event is applied; `nil` before that.
    var id: ID? { get }

    /// The number of events applied so far (0 for a fresh state).
    var version: Int { get }

    /// The aggregate a command is addressed to, so a runtime can route and load it.
    static func target(of command: Command) -> ID

    /// The events that `command` produces against the current state, or a typed refusal.
    func decide(_ command: Command) throws(Failure) -> [Event]

    /// The state after `event`; must add 1 to `version`.
    mutating func apply(_ event: Event)
}

/// An aggregate identity with a stable text form (used in subjects and envelopes).
public protocol AggregateID: Hashable, Sendable {
    /// The canonical text form; `init(text:)` of it gives the same id back.
    var text: String { get }

    /// Parses the text form; `nil` when it is not a valid id.
    init?(text: String)
}

/// An event with names that stay stable across releases: they are written to the event store.
public protocol AggregateEvent: Sendable {
    /// The event's type name, e.g. `PersonCreated`.
    var typeName: String { get }

    /// The last subject token, e.g. `created` in `person.events.<id>.created`.
    var subjectSuffix: String { get }
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
