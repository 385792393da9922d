extension ModelConfiguration {
    /// `{provider, model_name, api_endpoint?, temperature, top_p, max_tokens, frequency_penalty,
    /// presence_penalty, stop_sequences?, system_prompt?}`: the numeric fields are required (any
    /// finite number; ranges are `decide`'s rule), `max_tokens` is unsigned 32-bit as in the
    /// original, `stop_sequences` defaults to `[]` and `system_prompt` to `""`.
    static func decode(_ f: JSONFields) throws(CommandDecodingError) -> ModelConfiguration {
        ModelConfiguration(
            provider: try f.variant("provider", as: Provider.self), modelName: try f.string("model_name"),
            apiEndpoint: try f.optionalString("api_endpoint"), temperature: try f.finiteDouble("temperature"),
            topP: try f.finiteDouble("top_p"), maxTokens: Int(try f.unsigned("max_tokens", as: UInt32.self)),
            frequencyPenalty: try f.finiteDouble("frequency_penalty"), presencePenalty: try f.finiteDouble("presence_penalty"),
            stopSequences: try f.optionalStrings("stop_sequences") ?? [], systemPrompt: try f.optionalString("system_prompt") ?? "")
    }

    /// Writes every field in the reference's order; `api_endpoint` only when there is one.
    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("provider", provider.rawValue)
        w.writeField("model_name", modelName)
        if let apiEndpoint { w.writeField("api_endpoint", apiEndpoint) }
        w.writeField("temperature", temperature)
        w.writeField("top_p", topP)
        w.writeField("max_tokens", maxTokens)
        w.writeField("frequency_penalty", frequencyPenalty)
        w.writeField("presence_penalty", presencePenalty)
        w.writeField("stop_sequences", stopSequences)
        w.writeField("system_prompt", systemPrompt)
        w.endObject()
    }
}

extension ResponseChunk {
    /// `{chunk_index, content, is_final, finish_reason?}`.
    static func decode(_ f: JSONFields) throws(CommandDecodingError) -> ResponseChunk {
        ResponseChunk(
            chunkIndex: try f.int("chunk_index", in: 0...Int64(Int.max)), content: try f.string("content"), isFinal: try f.boolean("is_final"),
            finishReason: f.optional("finish_reason") == nil ? nil : try f.variant("finish_reason", as: FinishReason.self))
    }

    /// Writes the fields in the reference's order; `finish_reason` only when there is one.
    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("chunk_index", chunkIndex)
        w.writeField("content", content)
        w.writeField("is_final", isFinal)
        if let finishReason { w.writeField("finish_reason", finishReason.rawValue) }
        w.endObject()
    }
}

extension TokenUsage {
    /// `{prompt_tokens, completion_tokens, total_tokens}`, each a non-negative integer.
    static func decode(_ f: JSONFields) throws(CommandDecodingError) -> TokenUsage {
        let count = 0...Int64(Int.max)
        return TokenUsage(
            promptTokens: try f.int("prompt_tokens", in: count), completionTokens: try f.int("completion_tokens", in: count),
            totalTokens: try f.int("total_tokens", in: count))
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("prompt_tokens", promptTokens)
        w.writeField("completion_tokens", completionTokens)
        w.writeField("total_tokens", totalTokens)
        w.endObject()
    }
}
