import Aggregates
import Logging
import NATS
import NIOCore
import Wire

/// Turns command requests into jobs for the shards: decodes each payload (so nothing queued pins
/// a receive buffer), routes it by a stable hash of its aggregate id, and answers at once what
/// cannot be queued (bad input, a full shard).
package final class CommandIntake<Codec: DomainCodec>: Sendable {
    package typealias State = Codec.State

    /// The request header that carries the command's id (also the events' causation id and the
    /// base of their `Nats-Msg-Id`s: send the same id again and nothing is stored twice).
    package static var commandIDHeader: String { "Nats-Msg-Id" }
    /// The request header that carries the conversation id (default: the command id).
    package static var correlationIDHeader: String { "Cim-Correlation-Id" }

    let context: RuntimeContext<Codec>
    let shards: [Shard<Codec>]
    let router: ShardRouter
    let ids = CommandIDs()
    /// The subjects of the read model's queries (`QueryHost`, on subscriptions of their own), as
    /// requests and as durable deliveries: skipped here.
    let querySubjects: Set<String>

    init(context: RuntimeContext<Codec>, shards: [Shard<Codec>], queryVerbs: Set<String> = []) {
        self.context = context
        self.shards = shards
        self.router = ShardRouter(shardCount: shards.count)
        let domain = context.codec.domain
        self.querySubjects = Set(queryVerbs.flatMap { ["\(domain).commands.\($0)", "durable.\(domain).commands.\($0)"] })
    }

    /// Handles every message of `subscription` until it ends.
    func run(_ subscription: NATSSubscription) async throws {
        for try await message in subscription {
            await handle(message)
        }
    }

    func handle(_ message: NATSMessage) async {
        await take(message, subject: message.subjectString, replyTo: message.replyToString, fallbackID: nil, delivery: nil)
    }

    /// Takes one command: decodes it, routes it, and queues it, or answers at once what cannot be
    /// queued. `fallbackID` is the command id when no header names one (`nil`: a fresh one);
    /// `delivery` marks a durably delivered command (see `Replier.send`).
    func take(_ message: NATSMessage, subject: String, replyTo: String?, fallbackID: String?, delivery: DurableDelivery?) async {
        let received = context.now()
        if !querySubjects.isEmpty, querySubjects.contains(subject) {
            // Answered by the read model's subscription; a durable delivery of one is settled here.
            if delivery != nil {
                await refuse(ReplyError(code: "unknown_command", message: "\(subject) is a query: send it as a request to \(subject.dropFirst("durable.".count))"),
                             replyTo: replyTo, received: received, delivery: delivery)
            }
            return
        }
        let headers = message.headers
        let commandID = headers?[Self.commandIDHeader].flatMap { $0.isEmpty ? nil : $0 } ?? fallbackID ?? ids.next()
        let correlationID = headers?[Self.correlationIDHeader].flatMap { $0.isEmpty ? nil : $0 } ?? commandID
        let metadata = CommandMetadata(commandID: commandID, correlationID: correlationID, issuedAt: WallClock.now())
        let deadline: UInt64?
        do {
            deadline = try CommandDeadline.deadline(
                receivedAt: received, header: headers?[CommandDeadline.header], hasReplySubject: replyTo != nil, durable: delivery != nil,
                defaultNanoseconds: context.configuration.commandDeadlineNanoseconds)
        } catch {
            await refuse(error, replyTo: replyTo, received: received, delivery: delivery)
            return
        }

        guard message.payloadCount <= context.configuration.maxCommandBytes else {
            await refuse(ReplyError(code: "too_large", message: "a command holds at most \(context.configuration.maxCommandBytes) bytes, this one \(message.payloadCount)"),
                         replyTo: replyTo, received: received, delivery: delivery)
            return
        }
        let command: State.Command
        do {
            command = try message.payload.withUnsafeReadableBytes { bytes throws(CommandDecodingError) in
                try context.codec.decodeCommand(subject: subject, payload: bytes, metadata: metadata)
            }
        } catch {
            await refuse(ReplyError(error), replyTo: replyTo, received: received, delivery: delivery)
            return
        }
        let id = State.target(of: command)
        let index = router.shard(for: id.text)
        let shard = shards[index]
        // What the job keeps: the decoded command (about its payload's size) plus fixed overhead.
        let cost = message.payloadCount + 256
        let typeName = context.codec.commandName(command)
        guard shard.admit(cost: cost) else {
            await context.replier.send(
                .failure(.busy(shard: index)), to: replyTo, commandType: typeName, outcome: .busy, receivedAt: received, delivery: delivery)
            return
        }
        let job = CommandJob(
            command: command, metadata: metadata, typeName: typeName, replyTo: replyTo, receivedAt: received, cost: cost, delivery: delivery,
            deadline: deadline)
        if !shard.inbox.send(.command(id, job)) {
            shard.release(cost: cost)
            await context.replier.send(
                .failure(.shuttingDown), to: replyTo, commandType: typeName, outcome: .busy, receivedAt: received, delivery: delivery)
        }
    }

    func refuse(_ error: ReplyError, replyTo: String?, received: UInt64, delivery: DurableDelivery?) async {
        await context.replier.send(.failure(error), to: replyTo, commandType: "invalid", outcome: .invalid, receivedAt: received, delivery: delivery)
    }
}
