extension Agent {
    /// Folds one event; every event adds 1 to `version`. Never fails: events are facts.
    public mutating func apply(_ event: AgentEvent) {
        version += 1
        switch event {
        case .agentDeployed(let agentID, let personID, let name, let description, _):
            id = agentID
            status = .deployed
            self.personID = personID
            self.name = name
            self.description = description
        case .modelConfigured(_, let configuration, _):
            modelConfiguration = configuration
        case .agentActivated:
            status = .active
        case .agentSuspended:
            status = .suspended
        case .agentDecommissioned:
            status = .decommissioned
        case .messageSent(_, let messageID, let content, let sentAt):
            openMessages.append(OpenMessage(messageID: messageID, content: content, sentAt: sentAt))
        case .responseChunkReceived(_, let messageID, let chunk, let receivedAt):
            guard let index = openMessages.firstIndex(where: { $0.messageID == messageID }) else { return }
            openMessages[index].chunks.append(chunk)
            openMessages[index].lastActivityAt = receivedAt
        case .responseCompleted(_, let completion, _):
            finish(completion.messageID)
        case .responseFailed(_, let failure, _):
            finish(failure.messageID)
        }
    }

    private mutating func finish(_ messageID: MessageID) {
        openMessages.removeAll { $0.messageID == messageID }
        finishedMessageIDs.insert(messageID)
    }
}
