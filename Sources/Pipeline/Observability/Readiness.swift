/// Whether the service can take traffic, as `GET /readyz` reports it.
public enum Readiness: Sendable, Hashable {
    /// Ready: `/readyz` answers 200.
    case ready
    /// Not ready: `/readyz` answers 503 with each reason on a line of its own.
    case notReady(reasons: [String])

    /// True for `.ready`.
    public var isReady: Bool {
        if case .ready = self { true } else { false }
    }

    /// Not ready for one reason.
    public static func notReady(_ reason: String) -> Readiness { .notReady(reasons: [reason]) }

    /// The body `/readyz` sends: `ready` or the reasons, each line ending with a newline (a reason's
    /// own line breaks become spaces, so one reason is one line).
    var responseBody: String {
        switch self {
        case .ready:
            return "ready\n"
        case .notReady(let reasons):
            let lines = reasons.isEmpty ? ["not ready"] : reasons
            return lines.map { reason in
                String(reason.map { $0.isNewline ? " " : $0 }) + "\n"
            }.joined()
        }
    }
}

/// Answers whether the service is ready; called on every `GET /readyz` (keep it quick).
public typealias ReadinessCheck = @Sendable () async -> Readiness
