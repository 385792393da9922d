import DequeModule
import Logging
import Synchronization
import NIOCore
import Wire

extension NATSClient {
    /// Sends a request and waits for the first reply, through one wildcard inbox subscription
    /// shared by all requests (a token per request).
    /// - Throws: `NATSClientError(.noResponders)` at once when nobody listens (status 503),
    ///   `.timeout` after `timeout`, or the publish's error.
    public func request(
        _ payload: ByteBuffer,
        to subject: String,
        headers: NATSHeaderFields? = nil,
        timeout: Duration? = nil
    ) async throws -> NATSMessage {
        let timeout = timeout ?? configuration.requestTimeout
        let (id, replyTo, schedule) = try core.withLock { core throws(NATSClientError) -> (UInt64, String, Bool) in
            if core.isClosed { throw core.closedError }
            var schedule = false
            if core.muxSid == nil {
                let sid = core.nextSid
                core.nextSid += 1
                core.muxSid = sid
                if core.machine.isConnected {
                    core.outbound.writeSubscribe(subject: core.muxPrefix + "*", sid: sid)
                    schedule = Self.markFlush(&core)
                }
            }
            let id = core.nextRequestID
            core.nextRequestID += 1
            let timer = eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
                self.failRequest(id: id, NATSClientError(.timeout, "no reply to the request on \(subject) within \(timeout)"))
            }
            core.requests[id] = .registered(timer: timer)
            return (id, core.muxPrefix + String(id), schedule)
        }
        if schedule { scheduleOutboundFlush() }
        do {
            try await publish(payload, to: subject, replyTo: replyTo, headers: headers)
        } catch {
            if case .registered(let timer)? = core.withLock({ $0.requests.removeValue(forKey: id) }) { timer.cancel() }
            throw error
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<NATSMessage, any Error>) in
                let ready = core.withLock { core -> Result<NATSMessage, any Error>? in
                    switch core.requests[id] {
                    case .answered(let result)?:
                        core.requests[id] = nil
                        return result
                    case .registered(let timer)?:
                        core.requests[id] = .waiting(continuation, timer: timer)
                        return nil
                    case .waiting?, nil:
                        return .failure(NATSClientError(.connectionClosed, "the request was abandoned"))
                    }
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            self.failRequest(id: id, CancellationError())
        }
    }

    /// Ends a pending request with `error` (timeout, cancellation).
    func failRequest(id: UInt64, _ error: any Error) {
        let taken = core.withLock { core -> ClientCore.PendingRequest? in
            guard let pending = core.requests[id] else { return nil }
            switch pending {
            case .registered:
                core.requests[id] = .answered(.failure(error))
                return nil
            case .waiting:
                core.requests[id] = nil
                return pending
            case .answered:
                return nil
            }
        }
        if case .waiting(let continuation, let timer)? = taken {
            timer.cancel()
            continuation.resume(throwing: error)
        }
        progress.poke()
    }
}
