import Aggregates
import Testing

extension Aggregate {
    /// `decide` as a value: the events, or the refusal.
    func decision(_ command: Command) -> Result<[Event], Failure> {
        do throws(Failure) {
            return .success(try decide(command))
        } catch {
            return .failure(error)
        }
    }
}

extension Aggregate {
    /// Decides `command` against its target's state in `states` (a fresh state when absent), as a
    /// runtime does: when accepted, the target's state becomes the one after the events and the
    /// events are appended to its log; when refused, nothing changes.
    /// - Returns: the events, or the refusal.
    static func record(_ command: Command, states: inout [ID: Self], logs: inout [ID: [Event]]) -> Result<[Event], Failure> {
        let target = target(of: command)
        do throws(Failure) {
            let (next, events) = try (states[target] ?? Self()).handle(command)
            states[target] = next
            logs[target, default: []] += events
            return .success(events)
        } catch {
            return .failure(error)
        }
    }
}

extension Result where Failure: DomainError {
    /// The refusal's code, or `nil` when it succeeded.
    var code: Failure.Code? {
        if case .failure(let error) = self { return error.code }
        return nil
    }

    /// The refused field, or `nil`.
    var field: String? {
        if case .failure(let error) = self { return error.field }
        return nil
    }

    /// The refusal's sentence, or `nil`.
    var message: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }

    /// The events (or whatever succeeded), or `nil` when it was refused.
    var events: Success? { try? get() }
}

/// Expects `decode` to refuse each JSON text of `cases` with its code, naming its field.
func expectDecodingFailures<T>(
    _ cases: [(String, CommandDecodingError.Code, String?)], _ decode: (String) -> Result<T, CommandDecodingError>,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for (json, code, field) in cases {
        guard case .failure(let error) = decode(json) else {
            Issue.record("decoded \(json)", sourceLocation: sourceLocation)
            continue
        }
        #expect(error.code == code, "\(json)", sourceLocation: sourceLocation)
        #expect(error.field == field, "\(json)", sourceLocation: sourceLocation)
    }
}

/// The event names and refusal codes a random-sequence `run` produces across `seeds`, for
/// checking that a property test reaches every event and refusal.
func coverage<ID: Hashable, Event: AggregateEvent, Code: CustomStringConvertible>(
    seeds: Range<UInt64>, _ run: (UInt64) -> (logs: [ID: [Event]], refused: [Code])
) -> (events: Set<String>, codes: Set<String>) {
    var events: Set<String> = []
    var codes: Set<String> = []
    for seed in seeds {
        let (logs, refused) = run(seed)
        events.formUnion(logs.values.joined().map(\.typeName))
        codes.formUnion(refused.map(\.description))
    }
    return (events, codes)
}

/// Expects `write` to give each event of `events` the JSON text at the same place in `expected`.
func expectWritten<Event: AggregateEvent>(
    _ events: [Event], as expected: [String], by write: (Event) -> String, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(events.count == expected.count, sourceLocation: sourceLocation)
    for (event, json) in zip(events, expected) {
        #expect(write(event) == json, "\(event.typeName)", sourceLocation: sourceLocation)
    }
}
