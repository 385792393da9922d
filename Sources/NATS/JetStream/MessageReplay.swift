import NIOCore
import Wire

/// The messages of a subject filter from a start sequence, read in batches, ending at the end of
/// the stream: see `JetStream.messages(stream:subject:from:batchSize:)`.
public struct MessageReplay: AsyncSequence, Sendable {
    public typealias Element = StoredMessage

    let js: JetStream
    let stream: String
    let subject: String
    let start: UInt64
    let batchSize: Int
    /// Batched direct gets (2.11+, `allow_direct`); else one leader get per message.
    let batched: Bool

    public func makeAsyncIterator() -> Iterator {
        Iterator(replay: self, next: start)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let replay: MessageReplay
        var next: UInt64
        var inbox: ReplyInbox? { lease?.inbox }
        /// Owns the inbox: closes it when the iterator is dropped before the end (a `break`).
        var lease: InboxLease?
        var requestOutstanding = false
        /// Messages of the current batch so far.
        var receivedInBatch = 0
        var done = false

        public mutating func next() async throws -> StoredMessage? {
            guard !done else { return nil }
            do {
                let message = try await replay.batched ? nextBatched() : nextSingle()
                if message == nil { await finish() }
                return message
            } catch {
                await finish()
                throw error
            }
        }

        private mutating func finish() async {
            done = true
            await inbox?.close()
            lease = nil
        }

        /// One leader get per message (servers before 2.11, streams without direct gets).
        private mutating func nextSingle() async throws -> StoredMessage? {
            do {
                let message = try await replay.js.getNextMessage(stream: replay.stream, subject: replay.subject, from: next)
                next = message.sequence + 1
                return message
            } catch let error as JetStreamError where error.code == .messageNotFound {
                return nil
            }
        }

        private mutating func nextBatched() async throws -> StoredMessage? {
            if lease == nil { lease = InboxLease(try ReplyInbox(client: replay.js.client)) }
            guard let inbox else { return nil }
            let what = "the batched direct get from \(replay.stream)"
            while true {
                if !requestOutstanding {
                    let body = try JetStream.encode(MessageGetRequest(seq: next, nextBySubject: replay.subject, batch: replay.batchSize))
                    inbox.watchIdle(replay.js.timeout)
                    try await inbox.send(body, to: replay.js.apiPrefix + "DIRECT.GET.\(replay.stream)")
                    requestOutstanding = true
                }
                let reply: NATSMessage
                switch try await inbox.next() {
                case .message(let message)?: reply = message
                case .idle?: throw JetStreamError(.timeout, "no reply to \(what) within \(replay.js.timeout)")
                case .connectionLost(let reason)?: throw JetStreamError(.outcomeUnknown, "the connection was lost during \(what): \(reason)")
                case nil: throw JetStreamError(.outcomeUnknown, "\(what) ended early")
                }
                if let status = reply.status {
                    switch status.code {
                    case NATSStatus.notFound:
                        return nil
                    case NATSStatus.endOfBatch:
                        inbox.watchIdle(nil)
                        requestOutstanding = false
                        defer { receivedInBatch = 0 }
                        switch reply.headers?["Nats-Num-Pending"] {
                        case let text?:
                            guard let pending = UInt64(text) else {
                                throw JetStreamError(.invalidResponse, "\(what) ended a batch with an unreadable Nats-Num-Pending \"\(text)\"")
                            }
                            if pending == 0 { return nil }
                            continue
                        case nil:
                            // Without the count the end is unknown: ask again from the next
                            // sequence (a 404 ends the replay). A batch that brought nothing
                            // and no count would ask forever: that is a broken reply.
                            guard receivedInBatch > 0 else {
                                throw JetStreamError(.invalidResponse, "\(what) ended an empty batch without Nats-Num-Pending")
                            }
                            continue
                        }
                    default:
                        throw JetStreamError(.serverError, "\(what) answered \(status)", status: Int(status.code))
                    }
                }
                let message = try StoredMessage(directReply: reply)
                next = message.sequence + 1
                receivedInBatch += 1
                return message
            }
        }
    }
}

/// Closes its inbox when released, for iterators that may be abandoned mid-way.
final class InboxLease: Sendable {
    let inbox: ReplyInbox

    init(_ inbox: ReplyInbox) { self.inbox = inbox }

    deinit {
        let inbox = inbox
        Task { await inbox.close() }
    }
}
