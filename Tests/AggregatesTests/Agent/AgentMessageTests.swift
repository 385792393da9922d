import Aggregates
import Testing

@Suite struct AgentMessageTests {
    typealias A = AgentFixture

    static let open = A.operational + [A.sent(A.m1)]

    @Test func anOperationalAgentRecordsTheMessageAndOpensIt() {
        let result = A.given(A.operational, when: .sendMessage(agentID: A.sage, messageID: A.m1, content: "hello world"), at: A.at(10))
        let sent = AgentEvent.messageSent(agentID: A.sage, messageID: A.m1, content: "hello world", sentAt: A.at(10))
        #expect(result.events == [sent])
        #expect(sent.startedResponse?.messageID == A.m1)
        #expect(sent.startedResponse?.content == "hello world")
        #expect(sent.subjectSuffix == "message.\(A.m1.text).sent")
        let state = Agent.replay(A.operational + [sent])
        #expect(state.openMessages == [OpenMessage(messageID: A.m1, content: "hello world", sentAt: A.at(10))])
        #expect(state.openMessage(A.m1)?.lastActivityAt == A.at(10))
        #expect(state.openMessage(A.m2) == nil)
    }

    @Test func onlyMessageSentStartsAResponse() {
        for event in A.operational + [A.suspended, A.chunk(A.m1, 0), A.decommissioned] {
            #expect(event.startedResponse == nil, "\(event.typeName)")
        }
    }

    @Test func theMessageNeedsAnActiveAgentWithAModel() {
        for history in [[A.deployed], [A.deployed, A.configured], A.operational + [A.suspended]] {
            let result = A.given(history, when: .sendMessage(agentID: A.sage, messageID: A.m1, content: "hi"))
            #expect(result.code == .notOperational)
            #expect(result.message == "Agent is not operational - must be active with model configured")
        }
    }

    @Test(arguments: ["", "   ", "\n"])
    func blankContentIsRefused(content: String) {
        let result = A.given(A.operational, when: .sendMessage(agentID: A.sage, messageID: A.m1, content: content))
        #expect(result.code == .invalid)
        #expect(result.field == "content")
        #expect(result.message == "Message content cannot be empty")
    }

    @Test func aMessageIDIsUsedOnlyOnce() {
        let finished = Self.open + [.responseCompleted(agentID: A.sage, completion: A.completion(A.m1, chunks: 0), completedAt: A.at(11))]
        for history in [Self.open, finished] {
            let result = A.given(history, when: .sendMessage(agentID: A.sage, messageID: A.m1, content: "again"))
            #expect(result.code == .duplicateMessage)
            #expect(result.field == "message_id")
            #expect(result.message == "Message already sent: \(A.m1.text)")
        }
        #expect(A.given(finished, when: .sendMessage(agentID: A.sage, messageID: A.m2, content: "next")).events?.count == 1)
    }

    @Test func chunksAreRecordedInOrderAndMoveTheLastActivity() {
        var history = Self.open
        for index in 0..<3 {
            let chunk = ResponseChunk(chunkIndex: index, content: "w\(index) ", isFinal: index == 2, finishReason: index == 2 ? .stop : nil)
            let result = A.given(history, when: .recordResponseChunk(agentID: A.sage, messageID: A.m1, chunk: chunk), at: A.at(20 + Int64(index)))
            #expect(result.events == [.responseChunkReceived(agentID: A.sage, messageID: A.m1, chunk: chunk, receivedAt: A.at(20 + Int64(index)))])
            history += result.events ?? []
        }
        let open = Agent.replay(history).openMessage(A.m1)
        #expect(open?.chunks.map(\.content) == ["w0 ", "w1 ", "w2 "])
        #expect(open?.lastActivityAt == A.at(22))
        #expect(open?.sentAt == A.at(10))
        #expect(open?.hasFinalChunk == true)
        #expect(history.last?.subjectSuffix == "message.\(A.m1.text).chunk.2")
    }

    @Test(arguments: [-1, 1, 5])
    func aChunkOutOfOrderIsRefused(index: Int) {
        let result = A.given(Self.open, when: .recordResponseChunk(agentID: A.sage, messageID: A.m1, chunk: ResponseChunk(chunkIndex: index, content: "x")))
        #expect(result.code == .chunkOutOfOrder)
        #expect(result.field == "chunk.chunk_index")
        #expect(result.message == "Chunk \(index) of message \(A.m1.text) is out of order: expected chunk 0")
    }

    @Test func aRepeatedChunkAndAChunkAfterTheFinalOneAreRefused() {
        let repeated = A.given(Self.open + [A.chunk(A.m1, 0)], when: .recordResponseChunk(agentID: A.sage, messageID: A.m1, chunk: ResponseChunk(chunkIndex: 0, content: "w ")))
        #expect(repeated.code == .chunkOutOfOrder)
        let afterFinal = A.given(
            Self.open + [A.chunk(A.m1, 0, final: true)], when: .recordResponseChunk(agentID: A.sage, messageID: A.m1, chunk: ResponseChunk(chunkIndex: 1, content: "x")))
        #expect(afterFinal.code == .chunkOutOfOrder)
        #expect(afterFinal.message == "Message \(A.m1.text) already received its final chunk; chunk 1 is one too many")
    }

    @Test func streamCommandsOnAMessageThatIsNotOpenAreRefused() {
        let finished = Self.open + [.responseFailed(agentID: A.sage, failure: A.failure(A.m1), failedAt: A.at(11))]
        let commands: [AgentCommand] = [
            .recordResponseChunk(agentID: A.sage, messageID: A.m1, chunk: ResponseChunk(chunkIndex: 0, content: "a")),
            .completeResponse(agentID: A.sage, completion: A.completion(A.m1, chunks: 0)),
            .failResponse(agentID: A.sage, failure: A.failure(A.m1)),
            .expireResponse(agentID: A.sage, messageID: A.m1, idleLimitSeconds: 0),
        ]
        for command in commands {
            let never = A.given(A.operational, when: command)
            #expect(never.code == .messageNotOpen, "\(command.typeName)")
            #expect(never.field == "message_id")
            #expect(never.message == "Message \(A.m1.text) is not open: it was never sent")
            let done = A.given(finished, when: command)
            #expect(done.code == .messageNotOpen, "\(command.typeName)")
            #expect(done.message == "Message \(A.m1.text) is not open: its response has already finished")
        }
    }

    @Test func completingClosesTheMessage() {
        let history = Self.open + [A.chunk(A.m1, 0), A.chunk(A.m1, 1, final: true)]
        let result = A.given(history, when: .completeResponse(agentID: A.sage, completion: A.completion(A.m1, chunks: 2)))
        #expect(result.events == [.responseCompleted(agentID: A.sage, completion: A.completion(A.m1, chunks: 2), completedAt: A.at(100))])
        #expect(result.events?.first?.subjectSuffix == "message.\(A.m1.text).completed")
        let state = Agent.replay(history + (result.events ?? []))
        #expect(state.openMessages.isEmpty)
        #expect(state.finishedMessageIDs == [A.m1])
    }

    @Test func aCompletionMustAccountForItsChunksAndTokens() {
        let history = Self.open + [A.chunk(A.m1, 0)]
        let miscounted = A.given(history, when: .completeResponse(agentID: A.sage, completion: A.completion(A.m1, chunks: 2)))
        #expect(miscounted.code == .invalid)
        #expect(miscounted.field == "total_chunks")
        #expect(miscounted.message == "total_chunks is 2 but 1 chunks were recorded")
        var tokens = A.completion(A.m1, chunks: 1)
        tokens.tokenUsage.totalTokens += 1
        #expect(A.given(history, when: .completeResponse(agentID: A.sage, completion: tokens)).field == "token_usage")
        var negative = A.completion(A.m1, chunks: 1)
        negative.tokenUsage = TokenUsage(promptTokens: -2, completionTokens: 2)
        #expect(A.given(history, when: .completeResponse(agentID: A.sage, completion: negative)).field == "token_usage")
        var slow = A.completion(A.m1, chunks: 1)
        slow.durationMs = -1
        #expect(A.given(history, when: .completeResponse(agentID: A.sage, completion: slow)).field == "duration_ms")
    }

    @Test func failingClosesTheMessage() {
        let result = A.given(Self.open, when: .failResponse(agentID: A.sage, failure: A.failure(A.m1)))
        #expect(result.events == [.responseFailed(agentID: A.sage, failure: A.failure(A.m1), failedAt: A.at(100))])
        #expect(result.events?.first?.subjectSuffix == "message.\(A.m1.text).failed")
        #expect(Agent.replay(Self.open + (result.events ?? [])).openMessages.isEmpty)
    }

    @Test(arguments: ["", "RateLimited", "rate-limited", "_x", "9lives", "timeout "])
    func anErrorTypeMustBeSnakeCase(errorType: String) {
        let result = A.given(Self.open, when: .failResponse(agentID: A.sage, failure: A.failure(A.m1, type: errorType)))
        #expect(result.code == .invalid)
        #expect(result.field == "error_type")
        #expect(result.message == "error_type must be snake_case, got \"\(errorType)\"")
    }

    @Test func aStreamGoesOnWhileTheAgentIsSuspended() {
        let history = Self.open + [A.suspended]
        #expect(A.given(history, when: .recordResponseChunk(agentID: A.sage, messageID: A.m1, chunk: ResponseChunk(chunkIndex: 0, content: "a"))).events?.count == 1)
        #expect(A.given(history, when: .completeResponse(agentID: A.sage, completion: A.completion(A.m1, chunks: 0))).events?.count == 1)
    }

    @Test func expiringAStaleStreamFailsItAsInterrupted() {
        // Sent at +10, last chunk at +50: with a 60 s limit the stream is stale from +110 on.
        let history = Self.open + [A.chunk(A.m1, 0, at: A.at(50))]
        let expire = AgentCommand.expireResponse(agentID: A.sage, messageID: A.m1, idleLimitSeconds: 60)
        let interrupted = ResponseFailure(
            messageID: A.m1, errorType: "interrupted",
            errorMessage: "The response stream was interrupted: the replica streaming it stopped before it finished.", recoverable: true)
        for time in [A.at(110), A.at(111), A.at(100_000)] {
            #expect(A.given(history, when: expire, at: time).events == [.responseFailed(agentID: A.sage, failure: interrupted, failedAt: time)])
        }
        let state = Agent.replay(history + (A.given(history, when: expire, at: A.at(110)).events ?? []))
        #expect(state.openMessages.isEmpty)
        #expect(state.finishedMessageIDs == [A.m1])
    }

    @Test func expiringARecentStreamIsRefused() {
        let history = Self.open + [A.chunk(A.m1, 0, at: A.at(50))]
        let expire = AgentCommand.expireResponse(agentID: A.sage, messageID: A.m1, idleLimitSeconds: 60)
        for time in [A.at(109, nanoseconds: 999_999_999), A.at(60), A.at(0)] {
            let result = A.given(history, when: expire, at: time)
            #expect(result.code == .responseActive)
            #expect(result.field == "message_id")
        }
        #expect(A.given(history, when: expire, at: A.at(100)).message
            == "Message \(A.m1.text) had stream activity at 2025-11-09T19:00:50Z, within 60 s of 2025-11-09T19:01:40Z")
        // Without chunks the activity is the sending.
        #expect(A.given(Self.open, when: expire, at: A.at(69)).code == .responseActive)
        #expect(A.given(Self.open, when: expire, at: A.at(70)).events?.count == 1)
    }

    @Test func theIdleLimitIsNeverNegativeAndNeverOverflows() {
        let negative = A.given(Self.open, when: .expireResponse(agentID: A.sage, messageID: A.m1, idleLimitSeconds: -1))
        #expect(negative.code == .invalid)
        #expect(negative.field == "idle_limit_seconds")
        #expect(A.given(Self.open, when: .expireResponse(agentID: A.sage, messageID: A.m1, idleLimitSeconds: 0), at: A.at(10)).events?.count == 1)
        #expect(A.given(Self.open, when: .expireResponse(agentID: A.sage, messageID: A.m1, idleLimitSeconds: .max)).code == .responseActive)
    }

    @Test func openMessagesAreListedInTheOrderTheyWereSent() {
        let history = A.operational + [A.sent(A.m3, at: A.at(10)), A.sent(A.m1, at: A.at(11)), A.sent(A.m2, at: A.at(12)), A.chunk(A.m1, 0)]
        let state = Agent.replay(history + [.responseFailed(agentID: A.sage, failure: A.failure(A.m3), failedAt: A.at(30))])
        #expect(state.openMessages.map(\.messageID) == [A.m1, A.m2])
        #expect(state.openMessages.map(\.chunks.count) == [1, 0])
    }
}
