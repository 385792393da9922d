import Aggregates
import Testing

/// A minimal aggregate that exercises the protocol's fold and decide helpers.
private struct Counter: Aggregate {
    struct ID: AggregateID {
        let text: String
        init?(text: String) {
            guard !text.isEmpty else { return nil }
            self.text = text
        }
    }
    enum Command: Sendable { case add(Int) }
    enum Event: AggregateEvent, Equatable {
        case added(Int)
        var typeName: String { "Added" }
        var subjectSuffix: String { "added" }
    }
    struct Refused: Error, Equatable { let reason: String }

    var id: ID? { ID(text: "counter") }
    var version = 0
    var total = 0

    init() {}

    static func target(of command: Command) -> ID { ID(text: "counter")! }

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
        version += 1
    }
}

@Suite struct AggregateTests {
    @Test func replayFoldsEventsInOrder() {
        let state = Counter.replay([.added(1), .added(2), .added(3)])
        #expect(state.total == 6)
        #expect(state.version == 3)
    }

    @Test func envelopesContinueTheSequenceAndCarryTheCommandsIDs() {
        let metadata = CommandMetadata(
            commandID: "cmd-1", correlationID: "conv-1", issuedAt: Timestamp(secondsSinceEpoch: 1_700_000_000))
        let envelopes = EventEnvelope<Counter.ID, Counter.Event>.wrap(
            [.added(1), .added(2)], aggregateID: Counter.ID(text: "counter")!, after: 5, metadata: metadata)
        #expect(envelopes.map(\.sequence) == [6, 7])
        #expect(envelopes.allSatisfy { $0.correlationID == "conv-1" && $0.causationID == "cmd-1" })
        #expect(envelopes.allSatisfy { $0.timestamp == metadata.issuedAt })
    }

    @Test func timestampsFallOnTheirUTCDay() {
        #expect(Timestamp(secondsSinceEpoch: 0).date == CalendarDate(year: 1970, month: 1, day: 1))
        #expect(Timestamp(secondsSinceEpoch: -1).date == CalendarDate(year: 1969, month: 12, day: 31))
        #expect(Timestamp(secondsSinceEpoch: 1_709_164_800).date == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(Timestamp(secondsSinceEpoch: 951_868_800).date == CalendarDate(year: 2000, month: 3, day: 1))
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
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
