import Foundation
import Testing

@testable import BenchKit

@Suite struct OracleVerdictTests {
    @Test func aCleanStreamPasses() {
        let verdict = OracleVerdict.check(acknowledged: ["a": [1, 2, 3], "b": [1]], stored: ["a": [1, 2, 3], "b": [1], "c": [1, 1]])
        #expect(verdict.pass && verdict.aggregates == 2 && verdict.events == 4)
    }

    @Test func findsAGapADuplicateAndALostCommand() {
        let verdict = OracleVerdict.check(
            acknowledged: ["gap": [1, 3], "duplicate": [1, 2], "lost": [1, 2]],
            stored: ["gap": [1, 3], "duplicate": [1, 2, 2], "lost": [1]])
        #expect(verdict.gaps == 1)  // gap: version 2 missing below 3
        #expect(verdict.duplicates == 1)  // duplicate: version 2 stored twice
        #expect(verdict.lost == 1)  // lost: version 2 answered as stored, not in the stream
        #expect(!verdict.pass)
    }

    @Test func anAggregateWithNothingStoredLosesEveryAnsweredVersion() {
        let verdict = OracleVerdict.check(acknowledged: ["x": [1, 2]], stored: [:])
        #expect(verdict.lost == 2 && verdict.gaps == 0)
    }

    @Test func twoRepliesClaimingOneVersionAreADuplicate() {
        let verdict = OracleVerdict.check(acknowledged: ["x": [2, 2, 1]], stored: ["x": [1, 2]])
        #expect(verdict.duplicates == 1 && verdict.lost == 0)
    }

    @Test func theJSONSaysTheVerdict() throws {
        var verdict = OracleVerdict()
        verdict.gaps = 2
        let json = String(decoding: try JSONEncoder().encode(verdict), as: UTF8.self)
        #expect(json.contains(#""verdict":"fail""#) && json.contains(#""gaps":2"#))
        #expect(try JSONDecoder().decode(OracleVerdict.self, from: Data(json.utf8)) == verdict)
        let lying = Data(#"{"verdict":"pass","lost":1,"duplicates":0,"gaps":0}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(OracleVerdict.self, from: lying) }
    }
}
