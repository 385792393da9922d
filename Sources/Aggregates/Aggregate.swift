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

    /// What `command` needs read from other aggregates before it can be decided, given the states
    /// read so far (an aggregate without events is read as `Self()`). A runtime asks again after
    /// each read until the answer is `.ready` with the command to decide. The default needs nothing.
    static func prerequisite(of command: Command, reads: [ID: Self]) -> Prerequisite<ID, Command>

    /// A name shared by commands that must be decided one after another across every aggregate
    /// and every replica, because each reads what the others may change (Location: re-parenting
    /// reads the ancestry that another re-parenting changes). `nil` (the default) for commands
    /// that only read their own aggregate. A runtime reads the scope's last claim before the
    /// prerequisites and stores a new claim atomically with the events, guarded by the one read.
    static func exclusiveScope(of command: Command) -> String?

    /// Every scope `exclusiveScope(of:)` can name (empty by default), so a runtime can say at
    /// start-up when its server cannot keep them.
    static var exclusiveScopes: [String] { get }

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

/// The answer of `Aggregate.prerequisite(of:reads:)`.
public enum Prerequisite<ID: AggregateID, Command: Sendable>: Sendable {
    /// Decide this command (it may carry what was read).
    case ready(Command)
    /// Read this aggregate's current state first, then ask again.
    case read(ID)
}

extension Aggregate {
    /// Needs nothing from other aggregates.
    public static func prerequisite(of command: Command, reads: [ID: Self]) -> Prerequisite<ID, Command> {
        .ready(command)
    }

    /// Decided concurrently with any other command.
    public static func exclusiveScope(of command: Command) -> String? { nil }

    /// None.
    public static var exclusiveScopes: [String] { [] }

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
