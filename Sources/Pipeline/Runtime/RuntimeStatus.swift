import Synchronization

/// Where the runtime is in its life, for `/readyz`: ready only while it serves commands.
package final class RuntimeStatus: Sendable {
    package enum Phase: String, Sendable {
        case starting, serving, draining, stopped, failed
    }

    let state = Mutex<(phase: Phase, detail: String)>((.starting, "starting"))
    /// Told of every change (tests wait on it instead of polling).
    let onChange: (@Sendable (Phase) -> Void)?

    package init(onChange: (@Sendable (Phase) -> Void)? = nil) {
        self.onChange = onChange
    }

    package var phase: Phase { state.withLock { $0.phase } }

    package func set(_ phase: Phase, _ detail: String) {
        state.withLock { $0 = (phase, detail) }
        onChange?(phase)
    }

    /// Reasons the service is not ready; empty when it is.
    package var notReadyReasons: [String] {
        let (phase, detail) = state.withLock { $0 }
        return phase == .serving ? [] : ["runtime \(phase.rawValue): \(detail)"]
    }
}
