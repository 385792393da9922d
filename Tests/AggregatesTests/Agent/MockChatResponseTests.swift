import Aggregates
import Testing

@Suite struct MockChatResponseTests {
    typealias A = AgentFixture

    @Test func theReplyIsTheMocksTextWordByWord() {
        let reply = MockChatResponse(content: "hello world")
        #expect(reply.text == "[Mock] Response to: hello world")
        #expect(reply.chunks.map(\.content) == ["[Mock] ", "Response ", "to: ", "hello ", "world"])
        #expect(reply.chunks.map(\.chunkIndex) == [0, 1, 2, 3, 4])
        #expect(reply.chunks.dropLast().allSatisfy { !$0.isFinal && $0.finishReason == nil })
        #expect(reply.chunks.last?.isFinal == true)
        #expect(reply.chunks.last?.finishReason == .stop)
        #expect(reply.finishReason == .stop)
        #expect(reply.tokenUsage == TokenUsage(promptTokens: 2, completionTokens: 5, totalTokens: 7))
    }

    @Test(arguments: ["hi", "  two\n\n words  ", "tabs\tand\u{00A0}nbsp", "émoji 👩‍👩‍👧 ok", "x ", " x"])
    func theChunksJoinedGiveTheTextBackExactly(content: String) {
        let reply = MockChatResponse(content: content)
        #expect(reply.chunks.map(\.content).joined() == reply.text)
        #expect(reply.chunks.allSatisfy { !$0.content.isEmpty && !$0.content.first!.isWhitespace })
        #expect(reply.tokenUsage.completionTokens == reply.chunks.count)
        #expect(reply.tokenUsage.totalTokens == reply.tokenUsage.promptTokens + reply.tokenUsage.completionTokens)
    }

    @Test func wordsAreRunsOfNonWhitespace() {
        #expect(MockChatResponse(content: "  two\n\n words  ").tokenUsage.promptTokens == 2)
        #expect(MockChatResponse(content: "  two\n\n words  ").chunks.map(\.content) == ["[Mock] ", "Response ", "to:   ", "two\n\n ", "words  "])
    }

    @Test func theSameContentGivesTheSameReply() {
        #expect(MockChatResponse(content: "a b c") == MockChatResponse(content: "a b c"))
    }

    @Test func streamingTheCommandsThroughTheAggregateCompletesTheMessage() throws {
        let reply = MockChatResponse(content: "hello world")
        var state = Agent.replay(A.operational)
        var time: Int64 = 10
        var log: [AgentEvent] = []
        let commands = [.sendMessage(agentID: A.sage, messageID: A.m1, content: "hello world")]
            + reply.commands(agentID: A.sage, messageID: A.m1, durationMs: 12)
        for command in commands {
            let (next, events) = try state.handle(A.issued(command, at: A.at(time)))
            state = next
            log += events
            time += 1
        }
        #expect(log.map(\.typeName) == ["MessageSent"] + Array(repeating: "ResponseChunkReceived", count: 5) + ["ResponseCompleted"])
        #expect(log.last == .responseCompleted(
            agentID: A.sage,
            completion: ResponseCompletion(messageID: A.m1, totalChunks: 5, tokenUsage: reply.tokenUsage, finishReason: .stop, durationMs: 12),
            completedAt: A.at(16)))
        #expect(state.openMessages.isEmpty)
        #expect(state.version == 3 + 7)
        #expect(commands.dropFirst().allSatisfy { $0.isInternal })
    }
}
