extension AgentCodec {
    /// Decodes a public command: `{"type":"DeployAgent","agent_id":"<uuid>",…}` with the
    /// reference's fields. Without `"type"`, the subject's last token names the command
    /// (`AgentCommand.verbs`: `agent.commands.deploy` is a `DeployAgent`). Paths in errors start
    /// at the payload's keys (`config.temperature`). Unknown fields are ignored (SendMessage's
    /// `context` among them); absent and `null` options are the same.
    /// - Throws: `.malformedJSON` for bytes that are not a JSON object; `.unknownCommand` for a
    ///   `"type"` that is not a public command (the internal ones included); `.invalidField` on
    ///   `type` when it disagrees with the subject's alias; `.missingField` on `type` when neither
    ///   names a command; `.invalidField` on `agent_id` when a per-agent subject
    ///   (`agent.*.*.<agent id>.command.>`) names another agent; else `.missingField` and
    ///   `.invalidField` naming the field.
    public func decodeCommand(
        subject: String, payload: UnsafeRawBufferPointer, metadata: CommandMetadata
    ) throws(CommandDecodingError) -> Issued<AgentCommand> {
        try JSONDocument.parse(payload, onError: CommandDecodingError.malformed) { (document) throws(CommandDecodingError) in
            let f = try JSONFields.root(of: document, expected: "an agent command")
            let command = try Self.command(try Self.commandType(f, subject: subject), f)
            if let addressed = Self.addressedAgent(subject), addressed != command.agentID {
                throw .invalid("agent_id", "agent_id \(command.agentID.text) disagrees with the subject \(subject), which names agent \(addressed.text)")
            }
            return Issued(command, metadata: metadata)
        }
    }

    /// The agent a per-agent subject names: the original's `agent.<a>.<b>.<agent id>.command.<…>`.
    static func addressedAgent(_ subject: String) -> AgentID? {
        let tokens = subject.split(separator: ".", omittingEmptySubsequences: false)
        guard tokens.count >= 6, tokens[0] == "agent", tokens[4] == "command" else { return nil }
        return AgentID(text: String(tokens[3]))
    }

    /// The public command's name, from `"type"` or the subject's alias.
    static func commandType(_ f: JSONFields, subject: String) throws(CommandDecodingError) -> String {
        let token = CommandSubject.verb(of: subject)
        let alias = AgentCommand.verbs.firstIndex(of: token).map { AgentCommand.typeNames[$0] }
        guard let node = f.optional("type") else {
            guard let alias else {
                throw CommandDecodingError(
                    .missingField, field: "type",
                    message: "missing field type, and the subject's last token \(token) is not one of \(AgentCommand.verbs.joined(separator: ", "))")
            }
            return alias
        }
        let type = try node.string(at: "type")
        guard AgentCommand.typeNames.contains(type) else {
            throw CommandDecodingError(
                .unknownCommand, field: "type", message: "unknown command \(type); expected one of \(AgentCommand.typeNames.joined(separator: ", "))")
        }
        if let alias, alias != type {
            throw .invalid("type", "type \(type) disagrees with the subject \(subject), which names \(alias)")
        }
        return type
    }

    static func command(_ type: String, _ f: JSONFields) throws(CommandDecodingError) -> AgentCommand {
        let id: AgentID = try f.uuid("agent_id")
        switch type {
        case "DeployAgent":
            return .deployAgent(agentID: id, personID: try f.uuid("person_id"), name: try f.string("name"), description: try f.optionalString("description"))
        case "ConfigureModel":
            return .configureModel(agentID: id, configuration: try ModelConfiguration.decode(try f.object("config")))
        case "ActivateAgent":
            return .activateAgent(agentID: id)
        case "SuspendAgent":
            return .suspendAgent(agentID: id, reason: try f.string("reason"))
        case "DecommissionAgent":
            return .decommissionAgent(agentID: id, reason: try f.optionalString("reason"))
        default:
            return .sendMessage(agentID: id, messageID: try f.uuid("message_id"), content: try f.string("content"))
        }
    }
}
