import Aggregates
import Testing

@Suite struct AgentCodecCommandTests {
    typealias C = AgentCodecFixture
    typealias A = AgentFixture

    @Test func decodesTheReferencesExamples() throws {
        let table: [(String, AgentCommand)] = [
            (C.deployExample, .deployAgent(agentID: A.sage, personID: A.ada, name: "sage", description: "opt")),
            (C.configureExample, .configureModel(agentID: A.sage, configuration: A.llama)),
            (C.activateExample, .activateAgent(agentID: A.sage)),
            (C.suspendExample, .suspendAgent(agentID: A.sage, reason: "maintenance")),
            (C.decommissionExample, .decommissionAgent(agentID: A.sage, reason: "opt")),
            (C.sendExample, .sendMessage(agentID: A.sage, messageID: A.m1, content: "hi")),
        ]
        for (json, expected) in table {
            let issued = try C.decode(json).get()
            #expect(issued.body == expected, "\(json)")
            #expect(issued.metadata == C.metadata)
            #expect(C.codec.commandName(issued) == expected.typeName)
        }
        #expect(table.map(\.1.typeName) == AgentCommand.typeNames)
        #expect(C.codec.domain == "agent")
        #expect(C.codec.eventSubjectPrefix == "agent.events")
    }

    @Test func optionsDefaultWhenAbsentOrNull() {
        let minimal = #"{"type":"ConfigureModel","agent_id":"\#(C.sage)","config":{"provider":"mock","model_name":"m","temperature":1,"#
            + #""top_p":0.5,"max_tokens":0,"frequency_penalty":-1,"presence_penalty":2}}"#
        let expected = ModelConfiguration(
            provider: .mock, modelName: "m", apiEndpoint: nil, temperature: 1, topP: 0.5, maxTokens: 0, frequencyPenalty: -1, presencePenalty: 2,
            stopSequences: [], systemPrompt: "")
        #expect(C.command(minimal) == .configureModel(agentID: A.sage, configuration: expected))
        let nulls = minimal.replacing(#""max_tokens":0"#, with: #""max_tokens":0,"api_endpoint":null,"stop_sequences":null,"system_prompt":null"#)
        #expect(C.command(nulls) == .configureModel(agentID: A.sage, configuration: expected))
        #expect(C.command(#"{"type":"DeployAgent","agent_id":"\#(C.sage)","person_id":"\#(C.ada)","name":"n","description":null}"#)
            == .deployAgent(agentID: A.sage, personID: A.ada, name: "n", description: nil))
        #expect(C.command(#"{"type":"DecommissionAgent","agent_id":"\#(C.sage)"}"#) == .decommissionAgent(agentID: A.sage, reason: nil))
        #expect(C.command(#"{"type":"SendMessage","agent_id":"\#(C.sage)","message_id":"\#(C.m1)","content":"hi"}"#)
            == .sendMessage(agentID: A.sage, messageID: A.m1, content: "hi"))
    }

    @Test func uuidsAreReadInEitherCaseAndKeptLowercase() {
        let json = #"{"type":"SendMessage","agent_id":"\#(C.sage.uppercased())","message_id":"\#(C.m1.uppercased())","content":"hi"}"#
        #expect(C.command(json) == .sendMessage(agentID: A.sage, messageID: A.m1, content: "hi"))
    }

    @Test func withoutTypeTheSubjectsLastTokenNamesTheCommand() {
        let table: [(String, String)] = [
            ("deploy", C.deployExample), ("configure_model", C.configureExample), ("activate", C.activateExample),
            ("suspend", C.suspendExample), ("decommission", C.decommissionExample), ("send_message", C.sendExample),
        ]
        for (verb, example) in table {
            let untyped = example.replacing(#/"type":"\w+",/#, with: "")
            #expect(!untyped.contains("\"type\""))
            #expect(C.command(untyped, subject: "agent.commands.\(verb)") == C.command(example), "\(verb)")
            // Both present and agreeing is fine too.
            #expect(C.command(example, subject: "agent.commands.\(verb)") == C.command(example), "\(verb)")
        }
        #expect(table.map(\.0) == AgentCommand.verbs)
    }

    @Test func aTypeThatDisagreesWithTheSubjectsAliasIsRefused() {
        let error = C.failure(C.activateExample, subject: "agent.commands.suspend")
        #expect(error?.code == .invalidField)
        #expect(error?.field == "type")
        #expect(error?.message == "type ActivateAgent disagrees with the subject agent.commands.suspend, which names SuspendAgent")
    }

    /// The original's per-agent subject names the agent: the body must name the same one.
    @Test func aPerAgentSubjectMustNameTheBodysAgent() {
        #expect(C.command(C.activateExample, subject: "agent.a.b.\(C.sage).command.activate") == C.command(C.activateExample))
        #expect(C.command(C.activateExample, subject: "agent.a.b.\(C.sage.uppercased()).command.x") == C.command(C.activateExample))
        let error = C.failure(C.activateExample, subject: "agent.a.b.\(C.ada).command.activate")
        #expect(error?.code == .invalidField)
        #expect(error?.field == "agent_id")
        #expect(error?.message == "agent_id \(C.sage) disagrees with the subject agent.a.b.\(C.ada).command.activate, which names agent \(C.ada)")
        // Other subjects name no agent.
        #expect(C.command(C.activateExample, subject: "agent.to.sage.activate") == C.command(C.activateExample))
        #expect(C.command(C.activateExample, subject: "agent.commands.x.y.command.z") == C.command(C.activateExample))
    }

    @Test func withNeitherTypeNorAliasTheTypeIsMissing() {
        let error = C.failure(#"{"agent_id":"\#(C.sage)"}"#, subject: "agent.commands.request")
        #expect(error?.code == .missingField)
        #expect(error?.field == "type")
        #expect(C.failure(#"{"type":null,"agent_id":"\#(C.sage)"}"#)?.code == .missingField)
    }

    @Test(arguments: ["DeleteAgent", "deploy", "RecordResponseChunk", "CompleteResponse", "FailResponse", "ExpireResponse"])
    func anUnknownOrInternalTypeIsAnUnknownCommand(type: String) {
        for subject in ["agent.commands.request", "agent.commands.activate"] {
            let error = C.failure(#"{"type":"\#(type)","agent_id":"\#(C.sage)","message_id":"\#(C.m1)"}"#, subject: subject)
            #expect(error?.code == .unknownCommand)
            #expect(error?.field == "type")
            #expect(error?.message == "unknown command \(type); expected one of DeployAgent, ConfigureModel, ActivateAgent, SuspendAgent, DecommissionAgent, SendMessage")
        }
        #expect(AgentCommand.internalTypeNames.allSatisfy { !AgentCommand.typeNames.contains($0) })
    }

    @Test func anInternalCommandInTheFullShapeIsStillUnknown() {
        let chunk = #"{"type":"RecordResponseChunk","agent_id":"\#(C.sage)","message_id":"\#(C.m1)","chunk":{"chunk_index":0,"content":"x","is_final":true}}"#
        #expect(C.failure(chunk)?.code == .unknownCommand)
        let expire = #"{"type":"ExpireResponse","agent_id":"\#(C.sage)","message_id":"\#(C.m1)","idle_limit_seconds":0}"#
        #expect(C.failure(expire, subject: "agent.commands.expire_response")?.code == .unknownCommand)
    }

    @Test func aDecodedCommandIsDecidedAsIs() throws {
        let issued = try C.decode(C.deployExample).get()
        #expect(A.decide(Agent(), issued).events == [.agentDeployed(agentID: A.sage, personID: A.ada, name: "sage", description: "opt", deployedAt: A.t0)])
    }
}
