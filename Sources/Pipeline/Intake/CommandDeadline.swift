/// When a command is no longer worth starting: its requester has stopped waiting for the answer.
///
/// A request may say how long its requester waits (`Cim-Timeout-Ms`, milliseconds); one that
/// does not gets the runtime's default (`RuntimeConfiguration.commandDeadlineNanoseconds`). The
/// deadline counts from when intake received the command. A command still queued at its
/// deadline is answered `deadline_exceeded` (retryable; nothing was stored) instead of being
/// decided, so a backlog of work nobody waits for drains at once rather than holding up the
/// commands behind it. A command already started finishes regardless.
///
/// Durable commands have no deadline: they wait in their stream for as long as it takes, and
/// their redeliveries are governed by the consumer's ack wait.
package enum CommandDeadline {
    /// The request header with the requester's timeout in milliseconds.
    package static var header: String { "Cim-Timeout-Ms" }
    /// The largest timeout a header may give (one hour).
    package static var maxMilliseconds: UInt64 { 3_600_000 }

    /// The deadline (nanoseconds on the runtime's clock) of a command received at `receivedAt`,
    /// or `nil` when it has none.
    ///
    /// - Parameters:
    ///   - header: the `Cim-Timeout-Ms` header's value, if the message had one.
    ///   - hasReplySubject: whether a requester waits for the answer (the default deadline
    ///     applies only then; a header applies to any core command).
    ///   - durable: delivered by durable intake (never a deadline).
    ///   - defaultNanoseconds: the runtime's default, 0 for none.
    /// - Throws: `invalid_header` for a value that is not a whole number of milliseconds in
    ///   1...3,600,000.
    package static func deadline(
        receivedAt: UInt64, header: String?, hasReplySubject: Bool, durable: Bool, defaultNanoseconds: UInt64
    ) throws(ReplyError) -> UInt64? {
        guard !durable else { return nil }
        if let header, !header.isEmpty {
            guard let milliseconds = UInt64(header), (1...maxMilliseconds).contains(milliseconds) else {
                throw ReplyError(
                    code: "invalid_header",
                    message: "\(Self.header) must be a whole number of milliseconds from 1 to \(maxMilliseconds), not \"\(header)\"",
                    field: Self.header)
            }
            return receivedAt &+ milliseconds * 1_000_000
        }
        guard hasReplySubject, defaultNanoseconds > 0 else { return nil }
        return receivedAt &+ defaultNanoseconds
    }
}
