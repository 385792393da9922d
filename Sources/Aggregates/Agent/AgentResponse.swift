/// Why a model stopped producing a reply.
public enum FinishReason: String, Hashable, Sendable, CaseIterable {
    case stop
    case length
    case contentFilter = "content_filter"
    case toolCalls = "tool_calls"
    case error
}

/// One piece of a streamed reply (`ResponseChunkReceived.chunk`).
public struct ResponseChunk: Hashable, Sendable {
    /// 0-based; chunks are recorded in order, so this is the number recorded before it.
    public var chunkIndex: Int
    public var content: String
    /// The last chunk of the reply.
    public var isFinal: Bool
    public var finishReason: FinishReason?

    public init(chunkIndex: Int, content: String, isFinal: Bool = false, finishReason: FinishReason? = nil) {
        self.chunkIndex = chunkIndex
        self.content = content
        self.isFinal = isFinal
        self.finishReason = finishReason
    }
}

/// Tokens a reply used.
public struct TokenUsage: Hashable, Sendable {
    public var promptTokens: Int
    public var completionTokens: Int
    /// `promptTokens + completionTokens` (checked by `decide`).
    public var totalTokens: Int

    public init(promptTokens: Int, completionTokens: Int, totalTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
    }

    /// The usage whose total is the sum of the two counts.
    public init(promptTokens: Int, completionTokens: Int) {
        self.init(promptTokens: promptTokens, completionTokens: completionTokens, totalTokens: promptTokens + completionTokens)
    }
}

/// How a reply ended well: the body of `CompleteResponse` and of `ResponseCompleted` (which adds
/// `completed_at`).
public struct ResponseCompletion: Hashable, Sendable {
    public var messageID: MessageID
    /// The number of chunks recorded for the message (checked by `decide`).
    public var totalChunks: Int
    public var tokenUsage: TokenUsage
    public var finishReason: FinishReason
    /// How long the reply took, as the runtime measured it.
    public var durationMs: Int

    public init(messageID: MessageID, totalChunks: Int, tokenUsage: TokenUsage, finishReason: FinishReason, durationMs: Int) {
        self.messageID = messageID
        self.totalChunks = totalChunks
        self.tokenUsage = tokenUsage
        self.finishReason = finishReason
        self.durationMs = durationMs
    }
}

/// How a reply ended badly: the body of `FailResponse` and of `ResponseFailed` (which adds `failed_at`).
public struct ResponseFailure: Hashable, Sendable {
    public var messageID: MessageID
    /// snake_case, e.g. `interrupted`, `rate_limited`, `unknown` (checked by `decide`).
    public var errorType: String
    public var errorMessage: String
    /// Whether sending the message again may succeed.
    public var recoverable: Bool

    public init(messageID: MessageID, errorType: String, errorMessage: String, recoverable: Bool) {
        self.messageID = messageID
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.recoverable = recoverable
    }
}
