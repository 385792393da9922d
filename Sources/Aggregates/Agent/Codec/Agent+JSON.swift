extension Agent {
    /// Writes every stored property: `{"id","version","status","person_id","name","description",
    /// "model_configuration","open_messages","finished_message_ids"}`, absent values as `null`,
    /// open messages in the order they were sent, finished ids sorted (equal states, equal bytes).
    func writeState(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("id", id?.text)
        w.writeField("version", version)
        w.writeField("status", status?.rawValue)
        w.writeField("person_id", personID?.text)
        w.writeField("name", name)
        w.writeField("description", description)
        w.writeKey("model_configuration")
        if let modelConfiguration { modelConfiguration.write(to: &w) } else { w.writeNull() }
        w.writeKey("open_messages")
        w.beginArray()
        for message in openMessages { message.write(to: &w) }
        w.endArray()
        w.writeField("finished_message_ids", finishedMessageIDs.sorted().map(\.text))
        w.endObject()
    }

    /// Reads a state written by `writeState`.
    static func decodeState(_ f: JSONFields) throws(CommandDecodingError) -> Agent {
        var agent = Agent()
        agent.id = try f.optionalUUID("id")
        agent.version = try f.int("version", in: 0...Int64(Int.max))
        if f.optional("status") != nil { agent.status = try f.variant("status", as: AgentStatus.self) }
        agent.personID = try f.optionalUUID("person_id")
        agent.name = try f.optionalString("name")
        agent.description = try f.optionalString("description")
        agent.modelConfiguration = try f.optionalObject("model_configuration", ModelConfiguration.decode)
        agent.openMessages = try f.array("open_messages") { (node, path) throws(CommandDecodingError) in
            try OpenMessage.decode(try JSONFields(node, at: path))
        }
        agent.finishedMessageIDs = Set(try f.array("finished_message_ids") { (node, path) throws(CommandDecodingError) in
            try MessageID.decodeUUID(node, at: path)
        })
        return agent
    }
}

extension OpenMessage {
    /// `{message_id, content, sent_at, chunks, last_activity_at}`.
    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("message_id", messageID.text)
        w.writeField("content", content)
        w.writeField("sent_at", sentAt)
        w.writeKey("chunks")
        w.beginArray()
        for chunk in chunks { chunk.write(to: &w) }
        w.endArray()
        w.writeField("last_activity_at", lastActivityAt)
        w.endObject()
    }

    static func decode(_ f: JSONFields) throws(CommandDecodingError) -> OpenMessage {
        OpenMessage(
            messageID: try f.uuid("message_id"), content: try f.string("content"), sentAt: try f.timestamp("sent_at"),
            chunks: try f.array("chunks") { (node, path) throws(CommandDecodingError) in try ResponseChunk.decode(try JSONFields(node, at: path)) },
            lastActivityAt: try f.timestamp("last_activity_at"))
    }
}

extension AgentCodec {
    /// Appends the snapshot of `state` (schema `stateSchemaVersion`), see `Agent.writeState`.
    public func encodeState(_ state: Agent, into buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { writer in state.writeState(to: &writer) }
    }

    /// Reads a snapshot written by `encodeState`.
    /// - Throws: `CommandDecodingError` naming the field that is missing or malformed.
    public func decodeState(_ bytes: UnsafeRawBufferPointer) throws(CommandDecodingError) -> Agent {
        try JSONDocument.parse(bytes, onError: CommandDecodingError.malformed) { (document) throws(CommandDecodingError) in
            try Agent.decodeState(try JSONFields.root(of: document, expected: "an agent snapshot"))
        }
    }
}
