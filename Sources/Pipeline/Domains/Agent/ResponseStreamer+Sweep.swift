import Aggregates
import Logging
import Synchronization

extension ResponseStreamer {
    /// Sweeps at start and then every half idle limit, until cancelled (the drain).
    func sweepPeriodically(registry: OpenWorkRegistry?, submitter: CommandSubmitter<AgentCodec>) async {
        guard let registry else { return }
        let interval = Duration.seconds(max(1, settings.idleLimitSeconds)) / 2
        while !Task.isCancelled {
            await sweep(registry: registry, submitter: submitter)
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    /// Ends the replies recorded as open that no one streams any more: for each one this replica
    /// does not stream itself, sends `ExpireResponse`; the agent ends it as `interrupted` when it
    /// has been idle for the idle limit, refuses while it is live elsewhere (`response_active`),
    /// or says it is already closed (`message_not_open`, or its agent is decommissioned or
    /// unknown: the record is removed).
    /// - Returns: the keys it ended or removed.
    @discardableResult
    func sweep(registry: OpenWorkRegistry, submitter: CommandSubmitter<AgentCodec>) async -> [String] {
        let keys: [String]
        do {
            keys = try await registry.open()
        } catch {
            logger.warning("the open-reply registry cannot be read; sweeping later", metadata: ["error": "\(error)"])
            return []
        }
        let mine = active.withLock { $0 }
        var closed: [String] = []
        for key in keys where !mine.contains(key) {
            guard let (agentID, messageID) = Self.parse(key) else {
                logger.warning("an open-reply record with a malformed key is removed", metadata: ["key": "\(key)"])
                await remove(key, registry: registry)
                continue
            }
            // One command id per reply: two replicas sweeping at once store one `failed` event.
            let metadata = CommandMetadata(commandID: "\(messageID.text):fail", correlationID: "\(messageID.text)", issuedAt: WallClock.now())
            let command = AgentCommand.expireResponse(agentID: agentID, messageID: messageID, idleLimitSeconds: settings.idleLimitSeconds)
            switch await submitter.submit(Issued(command, metadata: metadata), metadata: metadata) {
            case .success:
                logger.notice("a reply left open by a stopped replica was ended as interrupted", metadata: ["agent": "\(agentID.text)", "message": "\(messageID.text)"])
                await remove(key, registry: registry)
                closed.append(key)
            case .failure(let error) where Self.endsTheReply(error):
                await remove(key, registry: registry)
                closed.append(key)
            case .failure(let error) where error.code == AgentError.Code.responseActive.description:
                continue
            case .failure(let error):
                logger.warning("a reply left open could not be ended; trying at the next sweep", metadata: ["key": "\(key)", "code": "\(error.code)", "error": "\(error.message)"])
            }
        }
        return closed
    }

    private func remove(_ key: String, registry: OpenWorkRegistry) async {
        do {
            try await registry.end(key)
        } catch {
            logger.warning("an open-reply record could not be removed; the next sweep tries again", metadata: ["key": "\(key)", "error": "\(error)"])
        }
    }

    /// `<agent id>.<message id>`.
    static func parse(_ key: String) -> (AgentID, MessageID)? {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let agent = AgentID(text: String(parts[0])), let message = MessageID(text: String(parts[1])) else { return nil }
        return (agent, message)
    }
}
