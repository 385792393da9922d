extension Agent {
    /// Decides a command against the current state; every event is stamped with the command's
    /// issued time.
    ///
    /// Rules (the reference's, with its bugs fixed): `DeployAgent` on an existing agent is refused
    /// (`already_exists`); any other command for an agent never deployed is `not_found`;
    /// decommissioned is terminal for every command, decommissioning included; activation needs a
    /// model configuration and Deployed or Suspended; suspension needs Active and a reason;
    /// `SendMessage` needs Active with a model, non-blank content and a `message_id` never used.
    /// Stream commands need the message open, and chunks arrive in order. Decommissioning an
    /// agent with open messages also fails each of them (`agent_decommissioned`, not recoverable),
    /// so no stream is left open on a terminal agent.
    /// - Returns: the events to append, never empty.
    /// - Throws: `AgentError`.
    public func decide(_ command: Issued<AgentCommand>) throws(AgentError) -> [AgentEvent] {
        let body = command.body
        let now = command.metadata.issuedAt
        if case .deployAgent(let agentID, let personID, let name, let description) = body {
            guard id == nil else { throw AgentError(.alreadyExists, field: "agent_id", message: "Agent already exists: \(agentID.text)") }
            guard !name.isBlank else { throw AgentError(.invalid, field: "name", message: "Agent name cannot be empty") }
            return [.agentDeployed(agentID: agentID, personID: personID, name: name, description: description, deployedAt: now)]
        }
        let id = try requireLive(body)
        switch body {
        case .deployAgent:
            preconditionFailure("handled above")
        case .configureModel(_, let configuration):
            try Self.checkModel(configuration)
            return [.modelConfigured(agentID: id, configuration: configuration, configuredAt: now)]
        case .activateAgent:
            guard modelConfiguration != nil else {
                throw AgentError(.modelNotConfigured, message: "Cannot activate agent without model configuration")
            }
            guard status == .deployed || status == .suspended else {
                throw AgentError(.invalidTransition, message: "Agent cannot be activated in current state")
            }
            return [.agentActivated(agentID: id, activatedAt: now)]
        case .suspendAgent(_, let reason):
            guard !reason.isBlank else { throw AgentError(.emptyReason, field: "reason", message: "Suspension reason cannot be empty") }
            guard status == .active else { throw AgentError(.invalidTransition, message: "Agent cannot be suspended in current state") }
            return [.agentSuspended(agentID: id, reason: reason, suspendedAt: now)]
        case .decommissionAgent(_, let reason):
            let interrupted = openMessages.map { message in
                AgentEvent.responseFailed(agentID: id, failure: .decommissioned(message.messageID), failedAt: now)
            }
            return interrupted + [.agentDecommissioned(agentID: id, reason: reason, decommissionedAt: now)]
        case .sendMessage(_, let messageID, let content):
            guard !content.isBlank else { throw AgentError(.invalid, field: "content", message: "Message content cannot be empty") }
            guard isOperational else {
                throw AgentError(.notOperational, message: "Agent is not operational - must be active with model configured")
            }
            guard openMessage(messageID) == nil, !finishedMessageIDs.contains(messageID) else {
                throw AgentError(.duplicateMessage, field: "message_id", message: "Message already sent: \(messageID.text)")
            }
            return [.messageSent(agentID: id, messageID: messageID, content: content, sentAt: now)]
        case .recordResponseChunk(_, let messageID, let chunk):
            let open = try requireOpen(messageID)
            guard !open.hasFinalChunk else {
                throw AgentError(
                    .chunkOutOfOrder, field: "chunk.chunk_index",
                    message: "Message \(messageID.text) already received its final chunk; chunk \(chunk.chunkIndex) is one too many")
            }
            guard chunk.chunkIndex == open.chunks.count else {
                throw AgentError(
                    .chunkOutOfOrder, field: "chunk.chunk_index",
                    message: "Chunk \(chunk.chunkIndex) of message \(messageID.text) is out of order: expected chunk \(open.chunks.count)")
            }
            return [.responseChunkReceived(agentID: id, messageID: messageID, chunk: chunk, receivedAt: now)]
        case .completeResponse(_, let completion):
            let open = try requireOpen(completion.messageID)
            try Self.checkCompletion(completion, chunksRecorded: open.chunks.count)
            return [.responseCompleted(agentID: id, completion: completion, completedAt: now)]
        case .failResponse(_, let failure):
            _ = try requireOpen(failure.messageID)
            try Self.checkErrorType(failure.errorType)
            return [.responseFailed(agentID: id, failure: failure, failedAt: now)]
        case .expireResponse(_, let messageID, let idleLimit):
            guard idleLimit >= 0 else {
                throw AgentError(.invalid, field: "idle_limit_seconds", message: "The idle limit must not be negative, got \(idleLimit)")
            }
            let open = try requireOpen(messageID)
            guard open.isIdle(forSeconds: idleLimit, at: now) else {
                throw AgentError(
                    .responseActive, field: "message_id",
                    message: "Message \(messageID.text) had stream activity at \(open.lastActivityAt.rfc3339), within \(idleLimit) s of \(now.rfc3339)")
            }
            return [.responseFailed(agentID: id, failure: .interrupted(messageID), failedAt: now)]
        }
    }

    /// The agent exists, is the one addressed, and is not decommissioned.
    private func requireLive(_ body: AgentCommand) throws(AgentError) -> AgentID {
        guard let id else { throw AgentError(.notFound, field: "agent_id", message: "Agent not found: \(body.agentID.text)") }
        guard body.agentID == id else {
            throw AgentError(.invalid, field: "agent_id", message: "addressed to \(body.agentID.text), not \(id.text)")
        }
        guard status != .decommissioned else {
            let message =
                switch body {
                case .configureModel: "Cannot configure model for decommissioned agent"
                case .activateAgent: "Cannot activate decommissioned agent"
                case .decommissionAgent: "Agent is already decommissioned: \(id.text)"
                default: "Agent is decommissioned: \(id.text)"
                }
            throw AgentError(.decommissioned, message: message)
        }
        return id
    }

    /// The message is open: sent, and neither completed nor failed.
    private func requireOpen(_ messageID: MessageID) throws(AgentError) -> OpenMessage {
        guard let open = openMessage(messageID) else {
            let why = finishedMessageIDs.contains(messageID) ? "its response has already finished" : "it was never sent"
            throw AgentError(.messageNotOpen, field: "message_id", message: "Message \(messageID.text) is not open: \(why)")
        }
        return open
    }
}

extension OpenMessage {
    /// Whether the stream has been idle for at least `seconds` at `now`: its last activity plus
    /// the limit is not after `now`.
    public func isIdle(forSeconds seconds: Int, at now: Timestamp) -> Bool {
        let (deadline, overflow) = lastActivityAt.secondsSinceEpoch.addingReportingOverflow(Int64(seconds))
        return !overflow && Timestamp(secondsSinceEpoch: deadline, nanoseconds: lastActivityAt.nanoseconds) <= now
    }
}

extension ResponseFailure {
    /// What `ExpireResponse` records: the stream stopped with the replica that ran it.
    static func interrupted(_ messageID: MessageID) -> ResponseFailure {
        ResponseFailure(
            messageID: messageID, errorType: "interrupted",
            errorMessage: "The response stream was interrupted: the replica streaming it stopped before it finished.", recoverable: true)
    }

    /// What `DecommissionAgent` records for each open message.
    static func decommissioned(_ messageID: MessageID) -> ResponseFailure {
        ResponseFailure(
            messageID: messageID, errorType: "agent_decommissioned",
            errorMessage: "The agent was decommissioned before the response finished.", recoverable: false)
    }
}
