/// Durable intake: commands published into a work-queue stream (their own subject space, never
/// the request/reply subjects, so JetStream never answers a request in the service's place),
/// taken with a pull consumer that the replicas share, acknowledged only once their events are
/// stored (or their final answer is known), and redelivered when a replica dies first.
///
/// A command is published to `<subjectPrefix>.<command subject>`, e.g.
/// `durable.person.commands.create`, with its JSON as the payload. Optional headers:
/// `Nats-Msg-Id` (the command id, as for requests; also the work-queue stream's duplicate
/// check), `Cim-Correlation-Id`, and `Cim-Reply-To`: a subject that gets the command's answer,
/// the same JSON a request gets.
package struct DurableIntakeConfiguration: Sendable, Hashable {
    /// The header that names where the answer goes.
    package static var replyHeader: String { "Cim-Reply-To" }

    /// The work-queue stream, e.g. `PERSON_COMMANDS`.
    package var streamName: String
    /// Durable subjects are `<subjectPrefix>.<command subject>`.
    package var subjectPrefix: String
    /// The durable pull consumer every replica takes from (the queue group's name).
    package var consumerName: String
    /// A command not acknowledged this long after delivery (its replica died or hangs) is
    /// delivered again.
    package var ackWaitSeconds: Int
    /// Deliveries before a command that keeps failing for a retryable reason (busy, store
    /// unavailable, conflict) is answered with that error and removed.
    package var maxDeliver: Int
    /// Commands delivered but not yet acknowledged, across all replicas.
    package var maxAckPending: Int
    /// Messages each replica keeps requested from the server.
    package var pullBatch: Int
    /// A command not taken within this time is dropped by the stream.
    package var maxAgeSeconds: Int

    package init(domain: String, consumerName: String, maxAckPending: Int) {
        self.streamName = "\(domain.uppercased())_COMMANDS"
        self.subjectPrefix = "durable"
        self.consumerName = consumerName
        self.ackWaitSeconds = 30
        self.maxDeliver = 10
        self.maxAckPending = max(1, maxAckPending)
        self.pullBatch = 256
        self.maxAgeSeconds = 7 * 86_400
    }

    /// The stream's subjects for the domain's command subjects.
    package func subjects(for commandSubjects: [String]) -> [String] {
        commandSubjects.map { "\(subjectPrefix).\($0)" }
    }

    /// The command subject a durable subject stands for; `nil` when it is not one of ours.
    package func commandSubject(of subject: String) -> String? {
        let prefix = subjectPrefix.utf8.count
        let utf8 = subject.utf8
        guard utf8.count > prefix + 1, subject.hasPrefix(subjectPrefix),
              utf8[utf8.index(utf8.startIndex, offsetBy: prefix)] == UInt8(ascii: ".")
        else { return nil }
        return String(subject.dropFirst(prefix + 1))
    }
}
