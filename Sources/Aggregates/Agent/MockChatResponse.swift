/// The reply of the original's Mock provider, made pure and deterministic: the text
/// `[Mock] Response to: <content>`, streamed word by word.
///
/// Chunking: each chunk is one word with the whitespace that follows it (whitespace before the
/// first word, if any, goes with the first chunk), so the chunks' contents joined give the text
/// back exactly. The last chunk is final with finish reason `stop`.
///
/// Token counting (the mock has no tokenizer): one token per word, a word being a maximal run of
/// non-whitespace characters. `prompt_tokens` counts the words of the message's content,
/// `completion_tokens` the words of the reply (its number of chunks), and `total_tokens` their sum.
public struct MockChatResponse: Hashable, Sendable {
    /// `[Mock] Response to: <content>`.
    public let text: String
    /// The reply's chunks, indexed from 0; never empty.
    public let chunks: [ResponseChunk]
    public let tokenUsage: TokenUsage

    /// The reply the Mock provider gives to a message with `content`.
    public init(content: String) {
        let text = "[Mock] Response to: \(content)"
        let words = Self.words(of: text)
        self.text = text
        chunks = words.enumerated().map { index, word in
            let last = index == words.count - 1
            return ResponseChunk(chunkIndex: index, content: word, isFinal: last, finishReason: last ? .stop : nil)
        }
        tokenUsage = TokenUsage(promptTokens: Self.words(of: content).count, completionTokens: words.count)
    }

    /// How the reply ends.
    public var finishReason: FinishReason { .stop }

    /// The internal commands a runtime issues to stream this reply to message `messageID`: one
    /// `RecordResponseChunk` per chunk, then `CompleteResponse` with `durationMs`.
    public func commands(agentID: AgentID, messageID: MessageID, durationMs: Int) -> [AgentCommand] {
        chunks.map { AgentCommand.recordResponseChunk(agentID: agentID, messageID: messageID, chunk: $0) } + [
            .completeResponse(
                agentID: agentID,
                completion: ResponseCompletion(
                    messageID: messageID, totalChunks: chunks.count, tokenUsage: tokenUsage, finishReason: finishReason, durationMs: durationMs))
        ]
    }

    /// `text` cut after each run of whitespace that follows a word; the pieces joined are `text`.
    static func words(of text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var hasWord = false
        var afterWord = false
        for character in text {
            if character.isWhitespace {
                afterWord = hasWord
            } else {
                if afterWord {
                    words.append(current)
                    current = ""
                    afterWord = false
                }
                hasWord = true
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
