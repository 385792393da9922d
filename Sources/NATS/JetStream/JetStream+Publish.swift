import NIOCore
import Synchronization
import Wire

extension JetStream {
    /// Publishes one message and waits for its PubAck.
    /// - Throws: `JetStreamError`: `.wrongLastSequence` (with the current sequence) when an
    ///   expectation fails, `.noResponders` when no stream captures the subject (after retries),
    ///   `.timeout`, `.outcomeUnknown` when the connection is lost first; or the client's error.
    public func publish(_ payload: ByteBuffer, to subject: String, options: PublishOptions = PublishOptions()) async throws -> PubAck {
        try await publishAsync(payload, to: subject, options: options).value()
    }

    /// Publishes one message through the shared publisher (window 1024) and returns its future.
    public func publishAsync(_ payload: ByteBuffer, to subject: String, options: PublishOptions = PublishOptions()) async throws -> PubAckFuture {
        if options.needsFeatureCheck {
            try options.validate(try await features())
        } else {
            try options.validate(nil)
        }
        return try await publisher().publish(payload, to: subject, headers: options.headerFields)
    }

    /// The publisher shared by `publish` and `publishAsync`, made on first use.
    public func publisher() throws -> JetStreamPublisher {
        try sharedPublisher.withLock { shared in
            if let publisher = shared, publisher.isOpen { return publisher }
            let publisher = try JetStreamPublisher(client: client, options: .init(ackTimeout: timeout))
            shared = publisher
            return publisher
        }
    }
}
