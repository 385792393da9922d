import Metrics
import Synchronization

/// A metrics factory for tests: remembers every handle it made and every value recorded, by
/// label and dimensions, without touching the global `MetricsSystem`.
final class RecordingMetricsFactory: MetricsFactory, Sendable {
    /// A metric: its label and its dimensions as `name=value`, in order.
    struct Key: Hashable, CustomStringConvertible {
        var label: String
        var dimensions: [String]

        init(_ label: String, _ dimensions: [(String, String)]) {
            self.label = label
            self.dimensions = dimensions.map { "\($0.0)=\($0.1)" }
        }

        var description: String { "\(label){\(dimensions.joined(separator: ","))}" }
    }

    struct State {
        var counters: [Key: Int64] = [:]
        var recorded: [Key: [Double]] = [:]
        var timed: [Key: [Int64]] = [:]
        /// Handles made, counting repeats.
        var handlesMade = 0
    }

    let state = Mutex(State())

    var handlesMade: Int { state.withLock { $0.handlesMade } }

    func counter(_ label: String, _ dimensions: [(String, String)]) -> Int64? {
        state.withLock { $0.counters[Key(label, dimensions)] }
    }

    func recorded(_ label: String, _ dimensions: [(String, String)]) -> [Double] {
        state.withLock { $0.recorded[Key(label, dimensions)] ?? [] }
    }

    func timed(_ label: String, _ dimensions: [(String, String)]) -> [Int64] {
        state.withLock { $0.timed[Key(label, dimensions)] ?? [] }
    }

    /// Every label with at least one handle.
    var labels: Set<String> {
        state.withLock { state in
            Set(state.counters.keys.map(\.label)).union(state.recorded.keys.map(\.label)).union(state.timed.keys.map(\.label))
        }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        let key = Key(label, dimensions)
        state.withLock { state in
            state.handlesMade += 1
            if state.counters[key] == nil { state.counters[key] = 0 }
        }
        return Handler(key: key, factory: self)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        let key = Key(label, dimensions)
        state.withLock { state in
            state.handlesMade += 1
            if state.recorded[key] == nil { state.recorded[key] = [] }
        }
        return Handler(key: key, factory: self)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let key = Key(label, dimensions)
        state.withLock { state in
            state.handlesMade += 1
            if state.timed[key] == nil { state.timed[key] = [] }
        }
        return Handler(key: key, factory: self)
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    /// One handle of any kind, writing into the factory's state.
    final class Handler: CounterHandler, RecorderHandler, TimerHandler, Sendable {
        let key: Key
        let factory: RecordingMetricsFactory

        init(key: Key, factory: RecordingMetricsFactory) {
            self.key = key
            self.factory = factory
        }

        func increment(by amount: Int64) { factory.state.withLock { $0.counters[key, default: 0] += amount } }
        func reset() { factory.state.withLock { $0.counters[key] = 0 } }
        func record(_ value: Int64) { record(Double(value)) }
        func record(_ value: Double) { factory.state.withLock { $0.recorded[key, default: []].append(value) } }
        func recordNanoseconds(_ duration: Int64) { factory.state.withLock { $0.timed[key, default: []].append(duration) } }
    }
}
