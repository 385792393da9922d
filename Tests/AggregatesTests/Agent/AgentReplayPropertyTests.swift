import Aggregates
import Testing

/// Random command sequences over two agents, public and internal commands mixed, issued at times
/// that move forward by random steps: replaying each agent's decided events gives the state the
/// deciding saw, and that state survives its snapshot.
@Suite struct AgentReplayPropertyTests {
    typealias A = AgentFixture

    static let ids = [A.sage, A.scribe]
    static let messages = [A.m1, A.m2, A.m3]

    /// A random command drawn from small pools, so collisions (not found, wrong status, out of
    /// order, not open, still active) are common. Some values break rules on purpose.
    static func randomCommand(using rng: inout SplitMix64) -> AgentCommand {
        func pick<T>(_ values: [T]) -> T { values.randomElement(using: &rng)! }
        let id = pick(ids)
        let message = pick(messages)
        switch Int.random(in: 0..<16, using: &rng) {
        case 0:
            return .deployAgent(agentID: id, personID: A.ada, name: pick(["sage", "", "scribe"]), description: pick([nil, "opt"]))
        case 1:
            var configuration = pick([A.llama, A.mock])
            configuration.temperature = pick([0.7, 2, 2.5])
            configuration.topP = pick([1, 0.9, -0.1])
            return .configureModel(agentID: id, configuration: configuration)
        case 2, 3:
            return .activateAgent(agentID: id)
        case 4:
            return .suspendAgent(agentID: id, reason: pick(["maintenance", " "]))
        case 5:
            return Int.random(in: 0..<4, using: &rng) == 0 ? .decommissionAgent(agentID: id, reason: pick([nil, "retired"])) : .activateAgent(agentID: id)
        case 6, 7:
            return .sendMessage(agentID: id, messageID: message, content: pick(["hi", "hello world", ""]))
        case 8, 9, 10:
            let index = Int.random(in: 0...3, using: &rng)
            let final = Bool.random(using: &rng)
            let chunk = ResponseChunk(chunkIndex: index, content: "w\(index) ", isFinal: final, finishReason: final ? pick([.stop, .length]) : nil)
            return .recordResponseChunk(agentID: id, messageID: message, chunk: chunk)
        case 11, 12:
            return .completeResponse(agentID: id, completion: A.completion(message, chunks: Int.random(in: 0...3, using: &rng)))
        case 13:
            return .failResponse(agentID: id, failure: A.failure(message, type: pick(["timeout", "Bad"])))
        default:
            return .expireResponse(agentID: id, messageID: message, idleLimitSeconds: pick([0, 30, 120]))
        }
    }

    @Test(arguments: 0..<200 as Range<UInt64>)
    func replayingDecidedEventsGivesTheStateTheDecidingSaw(seed: UInt64) {
        _ = Self.run(seed: seed)
    }

    /// The sequences are not trivial: across the seeds every event shows up, and so does every
    /// refusal a sequence can lead to.
    @Test func theSeedsCoverEveryEventAndEveryRefusal() {
        let (events, codes) = coverage(seeds: 0..<200) { Self.run(seed: $0) }
        #expect(events == Set(AgentEvent.typeNamesForTests))
        #expect(codes == [
            "already_exists", "not_found", "invalid", "empty_reason", "decommissioned", "invalid_transition", "model_not_configured",
            "not_operational", "duplicate_message", "message_not_open", "chunk_out_of_order", "response_active",
        ])
    }

    /// Decides a random sequence for `seed`, checking after every step that replaying each agent's
    /// log gives its state, whose snapshot reads back equal. Returns the logs and the refusal codes.
    static func run(seed: UInt64) -> (logs: [AgentID: [AgentEvent]], refused: [AgentError.Code]) {
        let codec = AgentCodec()
        var rng = SplitMix64(state: seed)
        var states: [AgentID: Agent] = [:]
        var logs: [AgentID: [AgentEvent]] = [:]
        var refused: [AgentError.Code] = []
        var time: Int64 = 0
        for step in 0..<Int.random(in: 1...120, using: &rng) {
            time += Int64.random(in: 0...40, using: &rng)
            let command = A.issued(randomCommand(using: &rng), at: A.at(time))
            let target = Agent.target(of: command)
            switch Agent.record(command, states: &states, logs: &logs) {
            case .success(let events):
                #expect(!events.isEmpty, "an accepted command always records something")
                #expect(events.allSatisfy { $0.agentID == target })
            case .failure(let error):
                // A refusal records nothing: the state stays what it was.
                refused.append(error.code)
            }
            let state = states[target] ?? Agent()
            #expect(Agent.replay(logs[target] ?? []) == state, "seed \(seed), step \(step)")
            #expect(state.version == (logs[target]?.count ?? 0))
            #expect(state.openMessages.allSatisfy { !state.finishedMessageIDs.contains($0.messageID) })
            var snapshot: [UInt8] = []
            codec.encodeState(state, into: &snapshot)
            let read = snapshot.withUnsafeBytes { bytes in Result { () throws(CommandDecodingError) in try codec.decodeState(bytes) } }
            #expect((try? read.get()) == state, "seed \(seed), step \(step)")
        }
        return (logs, refused)
    }
}

extension AgentEvent {
    /// Every event's name, for coverage checks.
    static let typeNamesForTests = [
        "AgentDeployed", "ModelConfigured", "AgentActivated", "AgentSuspended", "AgentDecommissioned", "MessageSent", "ResponseChunkReceived",
        "ResponseCompleted", "ResponseFailed",
    ]
}
