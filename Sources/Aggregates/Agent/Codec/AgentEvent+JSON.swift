extension AgentEvent {
    /// Every event's `"type"`, in the reference's order.
    static let tags = [
        "AgentDeployed", "ModelConfigured", "AgentActivated", "AgentSuspended", "AgentDecommissioned", "MessageSent",
        "ResponseChunkReceived", "ResponseCompleted", "ResponseFailed",
    ]

    /// Writes the body internally tagged, `{"type":"AgentDeployed","agent_id":"<uuid>",…}`, with
    /// the reference's fields in its order; absent options (`description`, `reason`) are left out.
    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("type", typeName)
        w.writeField("agent_id", agentID.text)
        switch self {
        case .agentDeployed(_, let personID, let name, let description, let deployedAt):
            w.writeField("person_id", personID.text)  // bare, unlike Person's own `{"id":…}`
            w.writeField("name", name)
            if let description { w.writeField("description", description) }
            w.writeField("deployed_at", deployedAt)
        case .modelConfigured(_, let configuration, let configuredAt):
            w.writeKey("config")
            configuration.write(to: &w)
            w.writeField("configured_at", configuredAt)
        case .agentActivated(_, let activatedAt):
            w.writeField("activated_at", activatedAt)
        case .agentSuspended(_, let reason, let suspendedAt):
            w.writeField("reason", reason)
            w.writeField("suspended_at", suspendedAt)
        case .agentDecommissioned(_, let reason, let decommissionedAt):
            if let reason { w.writeField("reason", reason) }
            w.writeField("decommissioned_at", decommissionedAt)
        case .messageSent(_, let messageID, let content, let sentAt):
            w.writeField("message_id", messageID.text)
            w.writeField("content", content)
            w.writeField("sent_at", sentAt)
        case .responseChunkReceived(_, let messageID, let chunk, let receivedAt):
            w.writeField("message_id", messageID.text)
            w.writeKey("chunk")
            chunk.write(to: &w)
            w.writeField("received_at", receivedAt)
        case .responseCompleted(_, let c, let completedAt):
            w.writeField("message_id", c.messageID.text)
            w.writeField("total_chunks", c.totalChunks)
            w.writeKey("token_usage")
            c.tokenUsage.write(to: &w)
            w.writeField("finish_reason", c.finishReason.rawValue)
            w.writeField("duration_ms", c.durationMs)
            w.writeField("completed_at", completedAt)
        case .responseFailed(_, let f, let failedAt):
            w.writeField("message_id", f.messageID.text)
            w.writeField("error_type", f.errorType)
            w.writeField("error_message", f.errorMessage)
            w.writeField("recoverable", f.recoverable)
            w.writeField("failed_at", failedAt)
        }
        w.endObject()
    }

    /// Reads a body written by `write(to:)`; absent and null options are the same. Facts are read
    /// as stored: no rule of `decide` is checked again.
    /// - Throws: `CommandDecodingError` naming the field, e.g. `event.config.top_p`.
    static func decode(_ node: JSONNode, at path: String) throws(CommandDecodingError) -> AgentEvent {
        let f = try JSONFields(node, at: path)
        let tag = try f.string("type")
        guard tags.contains(tag) else {
            throw .invalid(f.path("type"), "unknown event type \(tag); expected one of \(tags.joined(separator: ", "))")
        }
        let id: AgentID = try f.uuid("agent_id")
        switch tag {
        case "AgentDeployed":
            return .agentDeployed(
                agentID: id, personID: try f.uuid("person_id"), name: try f.string("name"), description: try f.optionalString("description"),
                deployedAt: try f.timestamp("deployed_at"))
        case "ModelConfigured":
            return .modelConfigured(agentID: id, configuration: try ModelConfiguration.decode(try f.object("config")), configuredAt: try f.timestamp("configured_at"))
        case "AgentActivated":
            return .agentActivated(agentID: id, activatedAt: try f.timestamp("activated_at"))
        case "AgentSuspended":
            return .agentSuspended(agentID: id, reason: try f.string("reason"), suspendedAt: try f.timestamp("suspended_at"))
        case "AgentDecommissioned":
            return .agentDecommissioned(agentID: id, reason: try f.optionalString("reason"), decommissionedAt: try f.timestamp("decommissioned_at"))
        case "MessageSent":
            return .messageSent(agentID: id, messageID: try f.uuid("message_id"), content: try f.string("content"), sentAt: try f.timestamp("sent_at"))
        case "ResponseChunkReceived":
            return .responseChunkReceived(
                agentID: id, messageID: try f.uuid("message_id"), chunk: try ResponseChunk.decode(try f.object("chunk")),
                receivedAt: try f.timestamp("received_at"))
        case "ResponseCompleted":
            let completion = ResponseCompletion(
                messageID: try f.uuid("message_id"), totalChunks: try f.int("total_chunks", in: 0...Int64(Int.max)),
                tokenUsage: try TokenUsage.decode(try f.object("token_usage")), finishReason: try f.variant("finish_reason", as: FinishReason.self),
                durationMs: try f.int("duration_ms", in: 0...Int64(Int.max)))
            return .responseCompleted(agentID: id, completion: completion, completedAt: try f.timestamp("completed_at"))
        default:
            let failure = ResponseFailure(
                messageID: try f.uuid("message_id"), errorType: try f.string("error_type"), errorMessage: try f.string("error_message"),
                recoverable: try f.boolean("recoverable"))
            return .responseFailed(agentID: id, failure: failure, failedAt: try f.timestamp("failed_at"))
        }
    }
}
