/// What one injected fault did to the clients, read from the outcome timeline.
package struct FaultOutcome: Sendable, Equatable, Codable {
    package var action: PlannedFault.Action
    /// The process hit: `replica 2`, `node 1 (leader)`, `store`.
    package var target: String
    /// Milliseconds from the load's start: the fault, and its repair (the process serving again,
    /// the space freed; the fault itself for a fault without a repair step).
    package var injectedMs: Double
    package var repairedMs: Double
    /// Commands sent from one reply timeout before the fault until one timeout before the next
    /// fault that found the service unavailable (timeouts, busy, store errors, transport).
    package var failedCommands: Int
    /// Milliseconds from the fault until the last command that failed in its window was sent:
    /// from then on every command was served. 0 when nothing sent after the fault failed.
    package var recoveryMs: Double
    /// Whether commands were served after the last failure (before the next fault or the end).
    package var recovered: Bool
    /// A note from the run (e.g. the exit status of a replica stopped by SIGTERM).
    package var note: String?

    enum CodingKeys: String, CodingKey {
        case action, target, note, recovered
        case injectedMs = "injected_ms"
        case repairedMs = "repaired_ms"
        case failedCommands = "failed_commands"
        case recoveryMs = "recovery_ms"
    }

    package init(action: PlannedFault.Action, target: String, injectedMs: Double, repairedMs: Double, note: String? = nil) {
        self.action = action
        self.target = target
        self.injectedMs = injectedMs
        self.repairedMs = repairedMs
        failedCommands = 0
        recoveryMs = 0
        recovered = true
        self.note = note
    }

    /// Fills `failedCommands`, `recoveryMs` and `recovered` of each fault (in injection order) from
    /// `timeline`, whose bucket 0 starts at the load's start.
    ///
    /// - Parameter timeoutMs: the load's reply timeout: commands sent up to one timeout before a
    ///   fault may have been in flight when it hit, so they count towards it.
    package static func analyze(_ faults: [FaultOutcome], timeline: OutcomeTimeline, timeoutMs: Double) -> [FaultOutcome] {
        let bucketMs = Double(timeline.bucketNanos) / 1e6
        let count = timeline.bucketCount
        func bucket(_ ms: Double) -> Int { min(max(Int((ms / bucketMs).rounded(.down)), 0), count) }
        return faults.enumerated().map { index, fault in
            var fault = fault
            let windowStart = bucket(fault.injectedMs - timeoutMs)
            let nextFault = index + 1 < faults.count ? faults[index + 1].injectedMs - timeoutMs : Double.infinity
            let windowEnd = nextFault.isFinite ? max(bucket(nextFault), windowStart) : count
            let injected = bucket(fault.injectedMs)
            var failed = 0
            var lastFailure: Int?
            for b in windowStart..<windowEnd where timeline.unavailable[b] > 0 {
                failed += timeline.unavailable[b]
                if b >= injected { lastFailure = b }
            }
            fault.failedCommands = failed
            if let lastFailure {
                fault.recoveryMs = max(0, Double(lastFailure + 1) * bucketMs - fault.injectedMs)
                fault.recovered = (lastFailure + 1..<max(windowEnd, lastFailure + 1)).contains { timeline.served[$0] > 0 }
            } else {
                fault.recoveryMs = 0
                fault.recovered = (injected..<max(windowEnd, injected)).contains { timeline.served[$0] > 0 }
            }
            return fault
        }
    }
}
