import Aggregates
import NATS
import Wire

extension CommandIntake {
    /// Takes durably delivered commands until `messages` ends (it is stopped on shutdown).
    /// - Parameter idBase: names a command without a `Nats-Msg-Id`: `<idBase>:<stream sequence>`,
    ///   the same on every delivery, so a redelivered command is recognised as a retry.
    func run(durable messages: ConsumerMessages, configuration: DurableIntakeConfiguration, idBase: String) async throws {
        for try await message in messages {
            await take(durable: message, configuration: configuration, idBase: idBase)
        }
    }

    func take(durable message: JetStreamMessage, configuration: DurableIntakeConfiguration, idBase: String) async {
        let metadata = message.metadata
        // A delivery always has its ack subject (`JetStreamMessage` checks it).
        let delivery = DurableDelivery(ackSubject: message.message.replyToString ?? "", delivered: metadata.delivered, maxDeliver: configuration.maxDeliver)
        let replyTo = message.headers?[DurableIntakeConfiguration.replyHeader].flatMap { $0.isEmpty ? nil : $0 }
        guard let subject = configuration.commandSubject(of: message.subject) else {
            await refuse(
                ReplyError(code: "invalid_subject", message: "\(message.subject) is not under \(configuration.subjectPrefix)."),
                replyTo: replyTo, received: context.now(), delivery: delivery)
            return
        }
        await take(message.message, subject: subject, replyTo: replyTo, fallbackID: "\(idBase):\(metadata.streamSequence)", delivery: delivery)
    }
}
