import Foundation
import NATS
import NIOCore

/// The consistency oracle of `cim-bench service`: after the load, the domain's stream is read back
/// and every command that was answered as stored must be there exactly once, each aggregate's
/// events numbered 1, 2, 3 … with no gap and no repeat.
///
/// It reads every event under the domain's prefix (`person.events.>` …) and keeps those of the
/// aggregates this run created, so it costs one pass over the stream.
struct ServiceOracle {
    struct Verdict: Sendable {
        /// Versions answered as stored that the stream does not hold.
        var lost = 0
        /// Events stored more than once (the same aggregate and version).
        var duplicates = 0
        /// Versions missing below an aggregate's highest stored one.
        var gaps = 0
        var aggregates = 0
        var events = 0

        var pass: Bool { lost == 0 && duplicates == 0 && gaps == 0 }

        /// `{"verdict":"pass"|"fail","lost":…,"duplicates":…,"gaps":…,"aggregates":…,"events":…}`.
        var json: RawJSON {
            RawJSON(#"{"verdict":"\#(pass ? "pass" : "fail")","lost":\#(lost),"duplicates":\#(duplicates),"gaps":\#(gaps),"aggregates":\#(aggregates),"events":\#(events)}"#)
        }
    }

    /// Checks `acknowledged` (each aggregate id and the highest version answered as stored, at
    /// least 1; a worker stops at an aggregate's first failure, so every version below it was
    /// answered too)
    /// against the events stored on `<prefix>.<id>…` in `stream`.
    static func check(js: JetStream, stream: String, prefix: String, acknowledged: [String: Int]) async throws -> Verdict {
        var stored: [String: [Int]] = [:]
        stored.reserveCapacity(acknowledged.count)
        for try await message in try await js.messages(stream: stream, subject: "\(prefix).>") {
            guard let id = aggregateID(subject: message.subject, prefix: prefix), acknowledged[id] != nil else { continue }
            guard let sequence = envelopeSequence(message.payload) else { continue }
            stored[id, default: []].append(sequence)
        }
        var verdict = Verdict()
        verdict.aggregates = stored.count
        for (id, highest) in acknowledged {
            let sequences = stored[id] ?? []
            verdict.events += sequences.count
            let distinct = Set(sequences)
            verdict.duplicates += sequences.count - distinct.count
            verdict.lost += (1...max(highest, 1)).filter { !distinct.contains($0) }.count
            if let top = distinct.max() { verdict.gaps += (1...top).filter { !distinct.contains($0) }.count }
        }
        return verdict
    }

    /// The id token after `<prefix>.` (`<prefix>.<id>.<suffix>` or `<prefix>.<id>`).
    static func aggregateID(subject: String, prefix: String) -> String? {
        guard subject.hasPrefix(prefix + ".") else { return nil }
        let rest = subject.dropFirst(prefix.count + 1)
        let id = rest.prefix { $0 != "." }
        return id.isEmpty ? nil : String(id)
    }

    /// The envelope's `"sequence":N`: a byte search, as the generator shares the machine.
    static func envelopeSequence(_ payload: ByteBuffer) -> Int? {
        let text = String(buffer: payload)
        guard let start = text.range(of: #""sequence":"#)?.upperBound else { return nil }
        return Int(text[start...].prefix { $0.isNumber })
    }
}

/// A value that `jsonObject` writes as it is: already JSON.
struct RawJSON: Sendable, CustomStringConvertible {
    let description: String
    init(_ text: String) { description = text }
}
