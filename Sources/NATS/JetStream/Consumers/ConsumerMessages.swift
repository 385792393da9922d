import NIOCore
import Synchronization
import Wire

/// A pull consumer's messages as an endless `AsyncSequence` with credit management: it keeps up
/// to `batch` messages requested, pulls again when half of that credit is used, treats two missed
/// heartbeats or a lost connection as a dead pull and pulls afresh, and subtracts what 408/409
/// statuses report as no longer pending. It ends on `stop()`, a drained or closed client, and
/// throws when the consumer is deleted.
///
/// Iterate it from one task at a time.
public final class ConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = JetStreamMessage

    let consumer: PullConsumer
    let batch: Int
    let expires: Duration
    let heartbeat: Duration
    let inbox: ReplyInbox
    /// What the pulls in flight still owe.
    private let credit: Mutex<PullCredit>

    init(consumer: PullConsumer, batch: Int, expires: Duration, heartbeat: Duration) throws {
        self.consumer = consumer
        self.batch = batch
        self.expires = expires
        self.heartbeat = heartbeat
        self.credit = Mutex(PullCredit(batch: batch))
        self.inbox = try ReplyInbox(client: consumer.js.client)
    }

    deinit {
        let inbox = inbox
        Task { await inbox.close() }
    }

    /// Ends the sequence (after the messages already received).
    public func stop() async {
        await inbox.close()
    }

    public func makeAsyncIterator() -> Iterator { Iterator(owner: self) }

    public struct Iterator: AsyncIteratorProtocol {
        let owner: ConsumerMessages

        public mutating func next() async throws -> JetStreamMessage? {
            try await owner.nextMessage()
        }
    }

    func nextMessage() async throws -> JetStreamMessage? {
        while true {
            try await topUp()
            switch try await inbox.next() {
            case nil:
                return nil
            case .idle?:
                // No message and no heartbeat for two heartbeat intervals: the pulls are gone.
                credit.withLock { $0.pullsLost() }
            case .connectionLost?:
                // Pulls do not survive the connection; the inbox is restored after the reconnect.
                credit.withLock { $0.pullsLost() }
            case .message(let message)?:
                guard let status = message.status else {
                    credit.withLock { $0.received() }
                    return try JetStreamMessage(message, client: consumer.js.client, terminateWithReason: consumer.terminateWithReason)
                }
                switch PullStatus(status) {
                case .heartbeat:
                    continue
                case .done:
                    // The pull ended (expired, leadership change): its unfilled part is no longer credit.
                    let unfilled = message.headers?["Nats-Pending-Messages"].flatMap(Int.init)
                    credit.withLock { $0.pullEnded(unfilled: unfilled) }
                case .failed(let error):
                    await inbox.close()
                    throw error
                }
            }
        }
    }

    /// Sends a pull for the missing credit once at most half of `batch` is outstanding.
    private func topUp() async throws {
        guard let missing = credit.withLock({ $0.pullToSend() }) else { return }
        let request = try PullRequest(batch: missing, expires: expires, maxBytes: nil, idleHeartbeat: heartbeat, noWait: false)
        inbox.watchIdle(heartbeat * 2)
        do {
            try await inbox.send(try JetStream.encode(request), to: consumer.nextSubject)
        } catch {
            credit.withLock { $0.pullFailed(missing) }
            throw error
        }
    }
}
