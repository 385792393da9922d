extension Agent {
    /// A configuration's rules: a non-blank model name, temperature in 0…2, top-p in 0…1, a
    /// non-negative `max_tokens` (the original's is unsigned) and finite penalties. The first
    /// broken rule is refused, naming its field under `config`.
    static func checkModel(_ c: ModelConfiguration) throws(AgentError) {
        guard !c.modelName.isBlank else { throw AgentError(.invalid, field: "config.model_name", message: "Model name cannot be empty") }
        guard (0...2).contains(c.temperature) else {
            throw AgentError(
                .invalid, field: "config.temperature", message: "Temperature must be between 0.0 and 2.0, got \(plainDecimal(c.temperature))")
        }
        guard (0...1).contains(c.topP) else {
            throw AgentError(.invalid, field: "config.top_p", message: "Top-p must be between 0.0 and 1.0, got \(plainDecimal(c.topP))")
        }
        guard c.maxTokens >= 0 else {
            throw AgentError(.invalid, field: "config.max_tokens", message: "Max tokens must not be negative, got \(c.maxTokens)")
        }
        guard c.frequencyPenalty.isFinite else {
            throw AgentError(.invalid, field: "config.frequency_penalty", message: "Frequency penalty must be a finite number")
        }
        guard c.presencePenalty.isFinite else {
            throw AgentError(.invalid, field: "config.presence_penalty", message: "Presence penalty must be a finite number")
        }
    }

    /// A completion counts every chunk recorded, its token usage adds up, and its duration is not negative.
    static func checkCompletion(_ completion: ResponseCompletion, chunksRecorded: Int) throws(AgentError) {
        guard completion.totalChunks == chunksRecorded else {
            throw AgentError(
                .invalid, field: "total_chunks",
                message: "total_chunks is \(completion.totalChunks) but \(chunksRecorded) chunks were recorded")
        }
        let usage = completion.tokenUsage
        guard usage.promptTokens >= 0, usage.completionTokens >= 0, usage.totalTokens == usage.promptTokens + usage.completionTokens else {
            throw AgentError(
                .invalid, field: "token_usage",
                message: "token counts must not be negative and total_tokens must be prompt_tokens + completion_tokens")
        }
        guard completion.durationMs >= 0 else {
            throw AgentError(.invalid, field: "duration_ms", message: "duration_ms must not be negative, got \(completion.durationMs)")
        }
    }

    /// An error type is snake_case: a lowercase letter, then lowercase letters, digits and `_`.
    static func checkErrorType(_ errorType: String) throws(AgentError) {
        let utf8 = errorType.utf8
        let valid = utf8.first.map { $0 &- UInt8(ascii: "a") < 26 } == true
            && utf8.allSatisfy { $0 &- UInt8(ascii: "a") < 26 || $0 &- UInt8(ascii: "0") < 10 || $0 == UInt8(ascii: "_") }
        guard valid else {
            throw AgentError(.invalid, field: "error_type", message: "error_type must be snake_case, got \"\(errorType)\"")
        }
    }

    /// A number as Rust's `{}` writes it in the reference's messages: the shortest digits that
    /// read back, in plain decimal notation, without `.0` on whole numbers (`2.5`, `3`, `-0.1`,
    /// `0.0000001`, `100000000000000000000`).
    static func plainDecimal(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : value < 0 ? "-inf" : "inf" }
        var text = Substring(value.description)  // "2.5", "3.0", "1e-07", "1.5e+20", "-0.0"
        let sign = text.hasPrefix("-") ? "-" : ""
        if !sign.isEmpty { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(of: "e") {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        let point = parts[0].count + exponent
        var whole: String, fraction: String
        if point <= 0 {
            whole = "0"
            fraction = String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            whole = digits + String(repeating: "0", count: point - digits.count)
            fraction = ""
        } else {
            whole = String(digits.prefix(point))
            fraction = String(digits.dropFirst(point))
        }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        while whole.count > 1, whole.hasPrefix("0") { whole.removeFirst() }
        return sign + whole + (fraction.isEmpty ? "" : "." + fraction)
    }
}
