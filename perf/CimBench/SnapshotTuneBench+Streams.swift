import NATS

/// A stream's size at one moment, as `cim-bench snapshot-tune` compares them (deltas only: the
/// tuner never deletes or purges a stream).
struct StreamFigures: Sendable, Equatable {
    var messages: Int
    var bytes: Int
    /// The last sequence: it grows with every message stored, also when the stream keeps only
    /// the newest revision of a subject (a KV bucket), so its growth counts the writes.
    var lastSequence: Int

    static let none = StreamFigures(messages: 0, bytes: 0, lastSequence: 0)

    /// Reads `stream`'s state. A stream that does not exist is an error, unless `mayBeMissing`
    /// (a snapshot bucket no service has created yet): then all zeros.
    static func read(js: JetStream, stream: String, mayBeMissing: Bool) async throws -> StreamFigures {
        do {
            let state = try await js.streamInfo(stream).state
            return StreamFigures(
                messages: Int(clamping: state.messages), bytes: Int(clamping: state.bytes), lastSequence: Int(clamping: state.lastSequence))
        } catch let error as JetStreamError where error.code == .streamNotFound && mayBeMissing {
            return .none
        } catch {
            throw BenchFailure("could not read the state of the stream \(stream): \(error)")
        }
    }

    /// Reads `stream` until its last sequence has not moved for `quiet`: the service's snapshot
    /// writer (which writes in the background) has written everything it queued. Fails after
    /// `timeout`.
    static func settled(js: JetStream, stream: String, quiet: Duration, timeout: Duration) async throws -> StreamFigures {
        let deadline = ContinuousClock.now + timeout
        var figures = try await read(js: js, stream: stream, mayBeMissing: true)
        var since = ContinuousClock.now
        while ContinuousClock.now - since < quiet {
            guard ContinuousClock.now < deadline else {
                throw BenchFailure("the snapshot writes to \(stream) did not settle within \(timeout) (last sequence still moving at \(figures.lastSequence))")
            }
            try await Task.sleep(for: .milliseconds(100))
            let now = try await read(js: js, stream: stream, mayBeMissing: true)
            if now.lastSequence != figures.lastSequence { since = .now }
            figures = now
        }
        return figures
    }
}
