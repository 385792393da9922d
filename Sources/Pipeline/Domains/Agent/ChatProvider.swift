import Aggregates

/// What a chat provider streams for one message: chunks, then how the reply ended.
package enum ChatStreamEvent: Sendable, Hashable {
    case chunk(ResponseChunk)
    case completed(TokenUsage, FinishReason)
}

/// A provider failure as the `ResponseFailed` event records it.
package struct ChatProviderError: Error, Sendable, Hashable {
    /// snake_case, e.g. `provider_unavailable`.
    package var errorType: String
    package var message: String
    /// Sending the message again may succeed.
    package var recoverable: Bool

    package init(errorType: String, message: String, recoverable: Bool) {
        self.errorType = errorType
        self.message = message
        self.recoverable = recoverable
    }
}

/// The chat model behind `SendMessage`: streams the reply to a message, chunk by chunk.
package protocol ChatProvider: Sendable {
    /// The reply to `content` under `configuration`; ends with `.completed`, or throws
    /// `ChatProviderError` (or `CancellationError` when the task is cancelled).
    func reply(to content: String, configuration: ModelConfiguration) -> AsyncThrowingStream<ChatStreamEvent, any Error>
}

/// The original's Mock provider (`MockChatResponse`): `[Mock] Response to: <content>` word by word,
/// `chunkDelay` apart (zero: as fast as they are stored). Models of other providers are refused:
/// this service ships no client for them.
package struct MockChatProvider: ChatProvider {
    let chunkDelay: Duration

    package init(chunkDelay: Duration = .zero) {
        self.chunkDelay = chunkDelay
    }

    package func reply(to content: String, configuration: ModelConfiguration) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        let delay = chunkDelay
        return AsyncThrowingStream { continuation in
            guard configuration.provider == .mock else {
                continuation.finish(throwing: ChatProviderError(
                    errorType: "provider_unavailable",
                    message: "this service has no \(configuration.provider.rawValue) provider; only mock is built in",
                    recoverable: false))
                return
            }
            let response = MockChatResponse(content: content)
            let task = Task {
                do {
                    for chunk in response.chunks {
                        if delay > .zero { try await Task.sleep(for: delay) }
                        try Task.checkCancellation()
                        continuation.yield(.chunk(chunk))
                    }
                    continuation.yield(.completed(response.tokenUsage, response.finishReason))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
