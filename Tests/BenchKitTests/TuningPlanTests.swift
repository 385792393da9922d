import Testing

@testable import BenchKit

@Suite struct TuningPlanTests {
    @Test func readsAListOfFrequencies() throws {
        #expect(try SnapshotTunePlan.parseFrequencies("0,10,25") == [0, 10, 25])
        #expect(try SnapshotTunePlan.parseFrequencies(" 100 , 0 ,1000") == [100, 0, 1000])
        #expect(try SnapshotTunePlan.parseFrequencies("1000000") == [1_000_000])
    }

    @Test(arguments: [
        ("", "empty"), ("10,,20", "empty entry"), ("10,", "empty entry"), ("ten", "not a whole number"), ("-1", "outside"),
        ("1000001", "outside"), ("10,10", "listed twice"), ("1.5", "not a whole number"),
    ])
    func refusesABadList(text: String, words: String) {
        do {
            let frequencies = try SnapshotTunePlan.parseFrequencies(text)
            Issue.record("\"\(text)\" was read as \(frequencies)")
        } catch {
            #expect(error.description.contains(words), "\(error.description)")
        }
    }

    @Test func theTailIsWhatFollowsTheLastSnapshot() {
        #expect(SnapshotTunePlan.tail(length: 1000, frequency: 0) == 1000)
        #expect(SnapshotTunePlan.tail(length: 1000, frequency: 100) == 0)
        #expect(SnapshotTunePlan.tail(length: 1037, frequency: 100) == 37)
        // No snapshot was ever taken: the whole history.
        #expect(SnapshotTunePlan.tail(length: 500, frequency: 1000) == 500)
        #expect(SnapshotTunePlan.tail(length: 1000, frequency: 1000) == 0)
    }

    @Test func lengthsSpreadTheTailOverTheInterval() {
        let lengths = SnapshotTunePlan.lengths(events: 1000, frequency: 100, aggregates: 10, spread: true)
        #expect(lengths.allSatisfy { $0 <= 1000 && $0 > 900 })
        let tails = lengths.map { SnapshotTunePlan.tail(length: $0, frequency: 100) }
        #expect(tails == [5, 15, 25, 35, 45, 55, 65, 75, 85, 95])
        // On average f/2 events replayed, at most f - 1.
        #expect(Double(tails.reduce(0, +)) / Double(tails.count) == 50)
    }

    @Test func lengthsWhenTheEventsAreNoMultipleOfTheFrequency() {
        let lengths = SnapshotTunePlan.lengths(events: 1010, frequency: 25, aggregates: 5, spread: true)
        let tails = lengths.map { SnapshotTunePlan.tail(length: $0, frequency: 25) }
        #expect(tails == [2, 7, 12, 17, 22])
        #expect(lengths.allSatisfy { $0 <= 1010 && $0 > 1010 - 25 })
    }

    @Test func lengthsStayPositiveWhenTheIntervalIsTheWholeHistory() {
        let lengths = SnapshotTunePlan.lengths(events: 10, frequency: 10, aggregates: 4, spread: true)
        #expect(lengths.allSatisfy { $0 >= 1 && $0 <= 10 })
        #expect(lengths.map { SnapshotTunePlan.tail(length: $0, frequency: 10) } == [1, 3, 6, 8])
    }

    @Test func everyAggregateGetsTheEventsWhenNoSnapshotIsTakenOrSpreadIsOff() {
        #expect(SnapshotTunePlan.lengths(events: 1000, frequency: 0, aggregates: 3, spread: true) == [1000, 1000, 1000])
        #expect(SnapshotTunePlan.lengths(events: 1000, frequency: 5000, aggregates: 2, spread: true) == [1000, 1000])
        #expect(SnapshotTunePlan.lengths(events: 1000, frequency: 100, aggregates: 2, spread: false) == [1000, 1000])
    }
}
