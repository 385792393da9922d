import Metrics
import Synchronization

/// How a command ended, the `outcome` dimension of `cim_commands_total`.
public enum CommandOutcome: String, Sendable, Hashable, CaseIterable {
    /// Decided and its events committed.
    case success
    /// Refused by the domain's rules.
    case rejected
    /// Could not be decoded or validated.
    case invalid
    /// Refused because a queue was full.
    case busy
    /// Lost an optimistic-concurrency race and gave up.
    case conflict
    /// The event store failed.
    case storeError = "store_error"
    /// Still queued at its deadline (`CommandDeadline`): answered `deadline_exceeded`, not run.
    case timeout
    /// Durable intake: failed for a retryable reason and handed back for another delivery.
    case redelivered

    /// The position in `allCases`, for array-indexed handles (no hashing on the hot path).
    var index: Int {
        switch self {
        case .success: 0
        case .rejected: 1
        case .invalid: 2
        case .busy: 3
        case .conflict: 4
        case .storeError: 5
        case .timeout: 6
        case .redelivered: 7
        }
    }
}

extension ServiceMetrics {
    /// Counts one finished command by type and outcome and records its latency.
    ///
    /// Allocation-free for the types named at `init`; a new type makes its handles once.
    ///
    /// - Parameters:
    ///   - type: The command's type (its stable name); a small, fixed set, not an id.
    ///   - outcome: How it ended.
    ///   - latencyNanoseconds: From intake to reply.
    public func commandFinished(type: String, outcome: CommandOutcome, latencyNanoseconds: Int64) {
        let handles = commandHandles[type] ?? lateCommandHandles(type)
        handles.outcomes[outcome.index].increment()
        handles.latency.recordNanoseconds(latencyNanoseconds)
    }

    private func lateCommandHandles(_ type: String) -> CommandHandles {
        lateCommandHandles.withLock { table in
            if let handles = table[type] { return handles }
            let handles = CommandHandles(type: type, service: service, factory: factory)
            table[type] = handles
            return handles
        }
    }
}

/// The handles of one command type: a counter per outcome (indexed by `CommandOutcome.index`) and
/// a latency timer.
struct CommandHandles: Sendable {
    let outcomes: [Counter]
    let latency: Timer

    init(type: String, service: String, factory: any MetricsFactory) {
        self.outcomes = CommandOutcome.allCases.map { outcome in
            Counter(
                label: ServiceMetrics.Label.commands,
                dimensions: [("service", service), ("type", type), ("outcome", outcome.rawValue)],
                factory: factory
            )
        }
        self.latency = Timer(
            label: ServiceMetrics.Label.commandLatency,
            dimensions: [("service", service), ("type", type)],
            factory: factory
        )
    }
}
