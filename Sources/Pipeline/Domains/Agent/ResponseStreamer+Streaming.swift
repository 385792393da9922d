import Aggregates
import Logging
import Synchronization

extension ResponseStreamer {
    /// How a reply ends.
    enum Ending: Sendable {
        case completed(TokenUsage, FinishReason, chunks: Int, durationMs: Int)
        case failed(ChatProviderError)
        /// Ended elsewhere while streaming: nothing more to store.
        case closed
    }

    /// What became of one internal command.
    enum Submitted: Sendable {
        case stored
        /// The reply was already ended elsewhere (another replica's sweep, a decommission).
        case closed
        case failed
    }

    /// The refusals that mean the reply can take nothing more: it was ended (another replica's
    /// sweep, a decommission), or its agent is decommissioned or unknown.
    static func endsTheReply(_ error: ReplyError) -> Bool {
        [AgentError.Code.messageNotOpen, .decommissioned, .notFound].contains { $0.description == error.code }
    }

    static let interrupted = ChatProviderError(
        errorType: "interrupted", message: "the service streaming the reply stopped before it ended; send the message again", recoverable: true)

    /// Streams one reply: each chunk stored as a `RecordResponseChunk`, then the completion or the
    /// failure. Cancellation (a drain) ends it as `interrupted`.
    func stream(_ job: Job, registry: OpenWorkRegistry?, submitter: CommandSubmitter<AgentCodec>) async {
        let key = job.key
        active.withLock { _ = $0.insert(key) }
        defer { active.withLock { _ = $0.remove(key) } }
        do {
            try await registry?.begin(key)
        } catch {
            logger.warning("a reply could not be recorded as open; a crash now would leave it open", metadata: ["key": "\(key)", "error": "\(error)"])
        }
        let ending: Ending
        if let configuration = job.configuration {
            ending = await produce(job, configuration: configuration, submitter: submitter)
        } else {
            ending = .failed(ChatProviderError(errorType: "not_configured", message: "the agent has no model configuration", recoverable: false))
        }
        if await end(job, ending, submitter: submitter) != .failed {
            do {
                try await registry?.end(key)
            } catch {
                // The next sweep finds it closed (the agent refuses to expire it) and removes it.
                logger.warning("an ended reply is still recorded as open", metadata: ["key": "\(key)", "error": "\(error)"])
            }
        }
    }

    /// Asks the provider and stores the chunks; how the reply ended (not yet stored).
    private func produce(_ job: Job, configuration: ModelConfiguration, submitter: CommandSubmitter<AgentCodec>) async -> Ending {
        let started = ContinuousClock.now
        var chunks = 0
        do {
            for try await event in provider.reply(to: job.content, configuration: configuration) {
                switch event {
                case .chunk(var chunk):
                    chunk.chunkIndex = chunks
                    let command = AgentCommand.recordResponseChunk(agentID: job.agentID, messageID: job.messageID, chunk: chunk)
                    switch await submit(command, id: "\(job.messageID.text):chunk:\(chunks)", job: job, submitter: submitter) {
                    case .stored:
                        chunks += 1
                    case .closed:
                        return .closed
                    case .failed:
                        return .failed(ChatProviderError(errorType: "store_failed", message: "chunk \(chunks) could not be stored", recoverable: true))
                    }
                case .completed(let usage, let reason):
                    if Task.isCancelled { return .failed(Self.interrupted) }
                    let elapsed = ContinuousClock.now - started
                    return .completed(usage, reason, chunks: chunks, durationMs: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
                }
            }
            // A cancelled iteration ends without an error.
            if Task.isCancelled { return .failed(Self.interrupted) }
            return .failed(ChatProviderError(errorType: "incomplete", message: "the provider's stream ended without a completion", recoverable: true))
        } catch let error as ChatProviderError {
            return .failed(error)
        } catch {
            return .failed(Task.isCancelled ? Self.interrupted : ChatProviderError(errorType: "unknown", message: "\(error)", recoverable: true))
        }
    }

    /// Stores the ending (nothing for `.closed`).
    func end(_ job: Job, _ ending: Ending, submitter: CommandSubmitter<AgentCodec>) async -> Submitted {
        switch ending {
        case .closed:
            return .closed
        case .completed(let usage, let reason, let chunks, let durationMs):
            let completion = ResponseCompletion(messageID: job.messageID, totalChunks: chunks, tokenUsage: usage, finishReason: reason, durationMs: durationMs)
            return await submit(.completeResponse(agentID: job.agentID, completion: completion), id: "\(job.messageID.text):complete", job: job, submitter: submitter)
        case .failed(let error):
            let failure = ResponseFailure(messageID: job.messageID, errorType: error.errorType, errorMessage: error.message, recoverable: error.recoverable)
            return await submit(.failResponse(agentID: job.agentID, failure: failure), id: "\(job.messageID.text):fail", job: job, submitter: submitter)
        }
    }

    /// Submits one internal command, trying again (up to 5 times, 20 ms doubling) while the answer
    /// is retryable.
    private func submit(_ command: AgentCommand, id: String, job: Job, submitter: CommandSubmitter<AgentCodec>) async -> Submitted {
        let metadata = CommandMetadata(commandID: id, correlationID: job.correlationID, issuedAt: WallClock.now())
        var delay = Duration.milliseconds(20)
        for attempt in 1...5 {
            switch await submitter.submit(Issued(command, metadata: metadata), metadata: metadata) {
            case .success:
                return .stored
            case .failure(let error) where Self.endsTheReply(error):
                logger.info("a reply was ended elsewhere; streaming stops", metadata: ["message": "\(job.messageID.text)", "command": "\(command.typeName)", "code": "\(error.code)"])
                return .closed
            case .failure(let error) where error.retryable && error.code != "shutting_down" && attempt < 5:
                do {
                    // Pacing between attempts (a full shard, a conflict), not synchronisation.
                    try await Task.sleep(for: delay)
                } catch {
                    // Draining: try again at once; the shards still run.
                }
                delay *= 2
            case .failure(let error):
                logger.error(
                    "a reply's \(command.typeName) could not be stored; the reply stays open until a sweep ends it",
                    metadata: ["agent": "\(job.agentID.text)", "message": "\(job.messageID.text)", "code": "\(error.code)", "error": "\(error.message)"])
                return .failed
            }
        }
        return .failed
    }
}
