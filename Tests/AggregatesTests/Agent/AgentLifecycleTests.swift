import Aggregates
import Testing

@Suite struct AgentLifecycleTests {
    typealias A = AgentFixture

    @Test func deployOnANewIDRecordsTheAgentAtTheCommandsTime() {
        let command = AgentCommand.deployAgent(agentID: A.sage, personID: A.ada, name: "sage", description: nil)
        let result = A.given([], when: command, at: A.t0)
        #expect(result.events == [.agentDeployed(agentID: A.sage, personID: A.ada, name: "sage", description: nil, deployedAt: A.t0)])
        let state = Agent.replay(result.events ?? [])
        #expect(state.id == A.sage)
        #expect(state.status == .deployed)
        #expect(state.personID == A.ada)
        #expect(state.name == "sage")
        #expect(state.description == nil)
        #expect(state.modelConfiguration == nil)
        #expect(state.version == 1)
        #expect(Agent.replay([A.deployed]).description == "opt")
    }

    @Test func deployOnAnExistingAgentIsRefusedEvenWhenDecommissioned() {
        for history in [[A.deployed], A.operational, [A.deployed, A.decommissioned]] {
            let result = A.given(history, when: .deployAgent(agentID: A.sage, personID: A.ada, name: "again", description: nil))
            #expect(result.code == .alreadyExists)
            #expect(result.field == "agent_id")
            #expect(result.message == "Agent already exists: \(A.sage.text)")
        }
    }

    @Test(arguments: ["", " ", "\t\n"])
    func aBlankNameIsRefused(name: String) {
        let result = A.given([], when: .deployAgent(agentID: A.sage, personID: A.ada, name: name, description: nil))
        #expect(result.code == .invalid)
        #expect(result.field == "name")
        #expect(result.message == "Agent name cannot be empty")
    }

    @Test func everyOtherCommandForAnUnknownAgentIsNotFound() {
        for command in A.nonDeployCommands {
            let result = A.given([], when: command)
            #expect(result.code == .notFound, "\(command.typeName)")
            #expect(result.field == "agent_id")
            #expect(result.message == "Agent not found: \(A.sage.text)")
        }
    }

    @Test func aCommandForAnotherAgentIsNotDecidedOnThisOne() {
        let result = A.given([A.deployed], when: .activateAgent(agentID: A.scribe))
        #expect(result.code == .invalid)
        #expect(result.field == "agent_id")
        #expect(Agent.target(of: A.issued(.activateAgent(agentID: A.scribe))) == A.scribe)
    }

    @Test func configureModelRecordsTheConfigurationInAnyLiveStatus() {
        for history in [[A.deployed], A.operational, A.operational + [A.suspended]] {
            let result = A.given(history, when: .configureModel(agentID: A.sage, configuration: A.mock))
            #expect(result.events == [.modelConfigured(agentID: A.sage, configuration: A.mock, configuredAt: A.at(100))])
            #expect(Agent.replay(history + (result.events ?? [])).modelConfiguration == A.mock)
        }
    }

    @Test(arguments: [
        ("config.temperature", -0.1, "Temperature must be between 0.0 and 2.0, got -0.1"),
        ("config.temperature", 2.5, "Temperature must be between 0.0 and 2.0, got 2.5"),
        ("config.temperature", 3, "Temperature must be between 0.0 and 2.0, got 3"),
        ("config.temperature", 2.000001, "Temperature must be between 0.0 and 2.0, got 2.000001"),
        ("config.temperature", 1e20, "Temperature must be between 0.0 and 2.0, got 100000000000000000000"),
        ("config.temperature", -0.0000001, "Temperature must be between 0.0 and 2.0, got -0.0000001"),
        ("config.top_p", 1.5, "Top-p must be between 0.0 and 1.0, got 1.5"),
        ("config.top_p", -1, "Top-p must be between 0.0 and 1.0, got -1"),
        ("config.top_p", .nan, "Top-p must be between 0.0 and 1.0, got NaN"),
    ])
    func aTemperatureOrTopPOutOfRangeIsRefusedWithTheReferencesText(field: String, value: Double, message: String) {
        var configuration = A.llama
        if field == "config.temperature" { configuration.temperature = value } else { configuration.topP = value }
        let result = A.given([A.deployed], when: .configureModel(agentID: A.sage, configuration: configuration))
        #expect(result.code == .invalid)
        #expect(result.field == field)
        #expect(result.message == message)
    }

    @Test func theRangeBoundsAreIncluded() {
        for (temperature, topP) in [(0.0, 0.0), (2.0, 1.0), (1.0, 0.5)] {
            var configuration = A.llama
            configuration.temperature = temperature
            configuration.topP = topP
            #expect(A.given([A.deployed], when: .configureModel(agentID: A.sage, configuration: configuration)).events?.count == 1)
        }
    }

    @Test func theOtherConfigurationRules() {
        func refusal(_ change: (inout ModelConfiguration) -> Void) -> Result<[AgentEvent], AgentError> {
            var configuration = A.llama
            change(&configuration)
            return A.given([A.deployed], when: .configureModel(agentID: A.sage, configuration: configuration))
        }
        let blank = refusal { $0.modelName = "  " }
        #expect(blank.code == .invalid)
        #expect(blank.field == "config.model_name")
        #expect(blank.message == "Model name cannot be empty")
        #expect(refusal { $0.maxTokens = -1 }.field == "config.max_tokens")
        #expect(refusal { $0.frequencyPenalty = .infinity }.field == "config.frequency_penalty")
        #expect(refusal { $0.presencePenalty = .nan }.field == "config.presence_penalty")
        // The model name is checked before the ranges.
        #expect(refusal { $0.modelName = ""; $0.temperature = 9 }.field == "config.model_name")
        #expect(refusal { $0.maxTokens = 0 }.events?.count == 1)
    }

    @Test func activationNeedsAModelConfiguration() {
        let result = A.given([A.deployed], when: .activateAgent(agentID: A.sage))
        #expect(result.code == .modelNotConfigured)
        #expect(result.message == "Cannot activate agent without model configuration")
    }

    @Test func activationIsAllowedFromDeployedAndSuspendedOnly() {
        let fromDeployed = A.given([A.deployed, A.configured], when: .activateAgent(agentID: A.sage))
        #expect(fromDeployed.events == [.agentActivated(agentID: A.sage, activatedAt: A.at(100))])
        #expect(A.given(A.operational + [A.suspended], when: .activateAgent(agentID: A.sage)).events?.count == 1)
        let fromActive = A.given(A.operational, when: .activateAgent(agentID: A.sage))
        #expect(fromActive.code == .invalidTransition)
        #expect(fromActive.message == "Agent cannot be activated in current state")
        #expect(Agent.replay(A.operational + [A.suspended, A.activated]).status == .active)
    }

    @Test func suspensionNeedsActiveAndAReason() {
        let accepted = A.given(A.operational, when: .suspendAgent(agentID: A.sage, reason: "maintenance"))
        #expect(accepted.events == [.agentSuspended(agentID: A.sage, reason: "maintenance", suspendedAt: A.at(100))])
        for history in [[A.deployed], [A.deployed, A.configured], A.operational + [A.suspended]] {
            let result = A.given(history, when: .suspendAgent(agentID: A.sage, reason: "maintenance"))
            #expect(result.code == .invalidTransition)
            #expect(result.message == "Agent cannot be suspended in current state")
        }
        let blank = A.given(A.operational, when: .suspendAgent(agentID: A.sage, reason: " "))
        #expect(blank.code == .emptyReason)
        #expect(blank.field == "reason")
        #expect(blank.message == "Suspension reason cannot be empty")
    }

    @Test func decommissionIsAllowedFromEveryLiveStatusWithOrWithoutAReason() {
        for history in [[A.deployed], A.operational, A.operational + [A.suspended]] {
            for reason in [nil, "retired"] as [String?] {
                let result = A.given(history, when: .decommissionAgent(agentID: A.sage, reason: reason))
                #expect(result.events == [.agentDecommissioned(agentID: A.sage, reason: reason, decommissionedAt: A.at(100))])
                #expect(Agent.replay(history + (result.events ?? [])).status == .decommissioned)
            }
        }
    }

    @Test func decommissionedIsTerminalForEveryCommand() {
        let history = A.operational + [A.decommissioned]
        let expected: [String: String] = [
            "ConfigureModel": "Cannot configure model for decommissioned agent",
            "ActivateAgent": "Cannot activate decommissioned agent",
            "DecommissionAgent": "Agent is already decommissioned: \(A.sage.text)",
        ]
        for command in A.nonDeployCommands {
            let result = A.given(history, when: command)
            #expect(result.code == .decommissioned, "\(command.typeName)")
            #expect(result.message == expected[command.typeName] ?? "Agent is decommissioned: \(A.sage.text)", "\(command.typeName)")
        }
    }

    @Test func decommissioningFailsTheOpenMessagesFirst() {
        let history = A.operational + [A.sent(A.m1), A.sent(A.m2), A.chunk(A.m2, 0)]
        let result = A.given(history, when: .decommissionAgent(agentID: A.sage, reason: nil))
        let failures = [A.m1, A.m2].map { id in
            AgentEvent.responseFailed(
                agentID: A.sage,
                failure: ResponseFailure(
                    messageID: id, errorType: "agent_decommissioned", errorMessage: "The agent was decommissioned before the response finished.",
                    recoverable: false),
                failedAt: A.at(100))
        }
        #expect(result.events == failures + [.agentDecommissioned(agentID: A.sage, reason: nil, decommissionedAt: A.at(100))])
        let state = Agent.replay(history + (result.events ?? []))
        #expect(state.openMessages.isEmpty)
        #expect(state.finishedMessageIDs == [A.m1, A.m2])
        #expect(state.version == history.count + 3)
    }

    @Test func anOfflineAgentCanBeNeitherActivatedNorSuspended() throws {
        // No command leads to Offline; a stored state can carry it.
        var snapshot: [UInt8] = []
        AgentCodec().encodeState(Agent.replay([A.deployed, A.configured]), into: &snapshot)
        let text = String(decoding: snapshot, as: UTF8.self).replacing(#""status":"Deployed""#, with: #""status":"Offline""#)
        let offline = try Array(text.utf8).withUnsafeBytes { bytes throws(CommandDecodingError) in try AgentCodec().decodeState(bytes) }
        #expect(offline.status == .offline)
        #expect(A.decide(offline, A.issued(.activateAgent(agentID: A.sage))).code == .invalidTransition)
        #expect(A.decide(offline, A.issued(.suspendAgent(agentID: A.sage, reason: "r"))).code == .invalidTransition)
        #expect(A.decide(offline, A.issued(.sendMessage(agentID: A.sage, messageID: A.m1, content: "hi"))).code == .notOperational)
        #expect(A.decide(offline, A.issued(.decommissionAgent(agentID: A.sage, reason: nil))).events?.count == 1)
    }

    @Test func everyEventAddsOneToTheVersion() {
        let history = A.operational + [A.suspended, A.activated, A.sent(A.m1), A.chunk(A.m1, 0), A.decommissioned]
        for count in 0...history.count {
            #expect(Agent.replay(history.prefix(count)).version == count)
        }
    }
}
