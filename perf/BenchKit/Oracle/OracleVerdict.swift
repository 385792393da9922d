/// The consistency oracle's verdict: after the load, the domain's stream is read back, and every
/// command answered as stored must be there exactly once, each aggregate's events numbered
/// 1, 2, 3 … with no gap and no repeat.
package struct OracleVerdict: Codable, Sendable, Equatable {
    /// Versions answered as stored that the stream does not hold.
    package var lost = 0
    /// Events stored more than once (the same aggregate and version), and versions answered
    /// twice (two replies claiming the same version of one aggregate).
    package var duplicates = 0
    /// Versions missing below an aggregate's highest stored one.
    package var gaps = 0
    /// Aggregates checked, and their events read.
    package var aggregates = 0
    package var events = 0

    package init() {}

    package var pass: Bool { lost == 0 && duplicates == 0 && gaps == 0 }

    enum CodingKeys: String, CodingKey {
        case verdict, lost, duplicates, gaps, aggregates, events
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        lost = try container.decode(Int.self, forKey: .lost)
        duplicates = try container.decode(Int.self, forKey: .duplicates)
        gaps = try container.decode(Int.self, forKey: .gaps)
        aggregates = try container.decodeIfPresent(Int.self, forKey: .aggregates) ?? 0
        events = try container.decodeIfPresent(Int.self, forKey: .events) ?? 0
        let verdict = try container.decode(String.self, forKey: .verdict)
        guard verdict == (pass ? "pass" : "fail") else {
            throw DecodingError.dataCorruptedError(forKey: .verdict, in: container, debugDescription: "the verdict \(verdict) does not match its counts")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pass ? "pass" : "fail", forKey: .verdict)
        try container.encode(lost, forKey: .lost)
        try container.encode(duplicates, forKey: .duplicates)
        try container.encode(gaps, forKey: .gaps)
        try container.encode(aggregates, forKey: .aggregates)
        try container.encode(events, forKey: .events)
    }

    /// Checks `acknowledged` (each aggregate's versions answered as stored) against `stored` (each
    /// aggregate's envelope sequences in stream order). Aggregates the load never had answered
    /// are not judged.
    package static func check(acknowledged: [String: [Int]], stored: [String: [Int]]) -> OracleVerdict {
        var verdict = OracleVerdict()
        for (id, versions) in acknowledged {
            let sequences = stored[id] ?? []
            verdict.aggregates += 1
            verdict.events += sequences.count
            let distinct = Set(sequences)
            verdict.duplicates += sequences.count - distinct.count
            let answered = Set(versions)
            verdict.duplicates += versions.count - answered.count
            verdict.lost += answered.subtracting(distinct).count
            if let top = distinct.max() {
                verdict.gaps += top - distinct.filter { $0 >= 1 }.count
            }
        }
        return verdict
    }

    /// The verdicts of several generators, added.
    package mutating func add(_ other: OracleVerdict) {
        lost += other.lost
        duplicates += other.duplicates
        gaps += other.gaps
        aggregates += other.aggregates
        events += other.events
    }

    /// `pass: 1,234 events of 300 aggregates; 0 lost, 0 duplicates, 0 gaps`.
    package var summary: String {
        "\(pass ? "pass" : "FAIL"): \(LoadReport.number(Double(events))) events of \(LoadReport.number(Double(aggregates))) aggregates; \(lost) lost, \(duplicates) duplicates, \(gaps) gaps"
    }
}
