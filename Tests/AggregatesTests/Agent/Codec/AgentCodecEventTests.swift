import Aggregates
import Testing

@Suite struct AgentCodecEventTests {
    typealias C = AgentCodecFixture
    typealias A = AgentFixture

    @Test func theStoredEnvelopeOfADeployment() {
        let expected = #"{"aggregate_id":"\#(C.sage)","sequence":1,"event":{"type":"AgentDeployed","agent_id":"\#(C.sage)","#
            + #""person_id":"\#(C.ada)","name":"sage","description":"opt","deployed_at":"2025-11-09T19:00:00Z"},"#
            + #""timestamp":"2025-11-09T19:00:00Z","correlation_id":"conv-1","causation_id":"cmd-1"}"#
        #expect(C.encoded(C.envelope(A.deployed)) == expected)
    }

    @Test func eachEventsBodyIsTheReferences() {
        let head = #"{"type":"#
        let agent = #""agent_id":"\#(C.sage)""#
        let message = #""message_id":"\#(C.m1)""#
        let mockJSON = #"{"provider":"mock","model_name":"mock-1","temperature":1.25,"top_p":0.5,"max_tokens":256,"frequency_penalty":-0.5,"#
            + #""presence_penalty":1.5,"stop_sequences":["\n\n","END"],"system_prompt":"You are \"sage\"."}"#
        let expected = [
            head + #""AgentDeployed",\#(agent),"person_id":"\#(C.ada)","name":"sage","description":"opt","deployed_at":"2025-11-09T19:00:00Z"}"#,
            head + #""AgentDeployed",\#(agent),"person_id":"\#(C.ada)","name":"sage","deployed_at":"2025-11-09T19:00:00.120Z"}"#,
            head + #""ModelConfigured",\#(agent),"config":\#(C.llamaJSON),"configured_at":"2025-11-09T19:00:01Z"}"#,
            head + #""ModelConfigured",\#(agent),"config":\#(mockJSON),"configured_at":"2025-11-09T19:00:01.123456789Z"}"#,
            head + #""AgentActivated",\#(agent),"activated_at":"2025-11-09T19:00:02Z"}"#,
            head + #""AgentSuspended",\#(agent),"reason":"maintenance","suspended_at":"2025-11-09T19:00:03Z"}"#,
            head + #""AgentDecommissioned",\#(agent),"decommissioned_at":"2025-11-09T19:00:04Z"}"#,
            head + #""AgentDecommissioned",\#(agent),"reason":"retired","decommissioned_at":"2025-11-09T19:00:04Z"}"#,
            head + #""MessageSent",\#(agent),\#(message),"content":"hello \"world\"\n","sent_at":"2025-11-09T19:00:10Z"}"#,
            head + #""ResponseChunkReceived",\#(agent),\#(message),"chunk":{"chunk_index":0,"content":"[Mock] ","is_final":false},"#
                + #""received_at":"2025-11-09T19:00:20Z"}"#,
            head + #""ResponseChunkReceived",\#(agent),\#(message),"chunk":{"chunk_index":1,"content":"world","is_final":true,"#
                + #""finish_reason":"stop"},"received_at":"2025-11-09T19:00:20Z"}"#,
            head + #""ResponseCompleted",\#(agent),\#(message),"total_chunks":2,"token_usage":{"prompt_tokens":1,"completion_tokens":2,"#
                + #""total_tokens":3},"finish_reason":"stop","duration_ms":42,"completed_at":"2025-11-09T19:00:30Z"}"#,
            head + #""ResponseFailed",\#(agent),\#(message),"error_type":"rate_limited","error_message":"slow down","recoverable":true,"#
                + #""failed_at":"2025-11-09T19:00:31Z"}"#,
        ]
        expectWritten(C.everyEvent, as: expected, by: C.eventJSON)
    }

    @Test func everyEventRoundTripsThroughItsStoredForm() throws {
        for (index, event) in C.everyEvent.enumerated() {
            let envelope = C.envelope(event, sequence: index + 1)
            #expect(try C.decodeEvent(C.encoded(envelope)).get() == envelope, "\(event.typeName)")
        }
        #expect(Set(C.everyEvent.map(\.typeName)) == Set(AgentEvent.typeNamesForTests))
    }

    @Test func everyFinishReasonAndProviderRoundTrips() throws {
        for reason in FinishReason.allCases {
            var completion = A.completion(A.m1, chunks: 1)
            completion.finishReason = reason
            let chunk = AgentEvent.responseChunkReceived(
                agentID: A.sage, messageID: A.m1, chunk: ResponseChunk(chunkIndex: 0, content: "x", isFinal: true, finishReason: reason), receivedAt: A.t0)
            for event in [chunk, .responseCompleted(agentID: A.sage, completion: completion, completedAt: A.t0)] {
                #expect(try C.decodeEvent(C.encoded(C.envelope(event))).get().event == event)
                #expect(C.eventJSON(event).contains(#""finish_reason":"\#(reason.rawValue)""#))
            }
        }
        #expect(FinishReason.allCases.map(\.rawValue) == ["stop", "length", "content_filter", "tool_calls", "error"])
        for provider in ModelConfiguration.Provider.allCases {
            let event = AgentEvent.modelConfigured(agentID: A.sage, configuration: ModelConfiguration(provider: provider, modelName: "m"), configuredAt: A.t0)
            #expect(try C.decodeEvent(C.encoded(C.envelope(event))).get().event == event)
        }
        #expect(ModelConfiguration.Provider.allCases.map(\.rawValue) == ["openai", "anthropic", "ollama", "mock"])
    }

    @Test func theFullSubjectsAreStoredOnceUnderTheAgent() {
        let base = "agent.events.\(C.sage)."
        let subjects = C.everyEvent.map { "\(C.codec.eventSubjectPrefix).\($0.agentID.text).\($0.subjectSuffix)" }
        #expect(subjects == [
            base + "deployed", base + "deployed", base + "model_configured", base + "model_configured", base + "activated", base + "suspended",
            base + "decommissioned", base + "decommissioned", base + "message.\(C.m1).sent", base + "message.\(C.m1).chunk.0",
            base + "message.\(C.m1).chunk.1", base + "message.\(C.m1).completed", base + "message.\(C.m1).failed",
        ])
        #expect(subjects.allSatisfy { !$0.hasPrefix("agent.events.agent.") })
    }

    @Test func absentOptionsReadTheSameAsNull() throws {
        let withNull = C.encoded(C.envelope(C.everyEvent[1])).replacing(#""name":"sage","#, with: #""name":"sage","description":null,"#)
        #expect(try C.decodeEvent(withNull).get().event == C.everyEvent[1])
    }

    @Test func storedFactsAreReadWithoutRecheckingTheirRules() throws {
        // A temperature and a blank model name that decide refuses still read back from the store.
        let odd = C.encoded(C.envelope(A.configured)).replacing(#""temperature":0.7"#, with: #""temperature":9"#)
            .replacing(#""model_name":"llama2""#, with: #""model_name":"""#)
        guard case .modelConfigured(_, let configuration, _) = try C.decodeEvent(odd).get().event else {
            Issue.record("not a configuration")
            return
        }
        #expect(configuration.temperature == 9)
        #expect(configuration.modelName.isEmpty)
    }

    @Test func decodingErrorsNameTheField() {
        let deployed = C.encoded(C.envelope(A.deployed))
        let configured = C.encoded(C.envelope(A.configured))
        let chunk = C.encoded(C.envelope(C.everyEvent[10]))
        let completed = C.encoded(C.envelope(C.everyEvent[11]))
        let failed = C.encoded(C.envelope(C.everyEvent[12]))
        let cases: [(String, CommandDecodingError.Code, String?)] = [
            ("[]", .malformedJSON, nil),
            (deployed.replacing(#""sequence":1,"#, with: ""), .missingField, "sequence"),
            (deployed.replacing(#""aggregate_id":"\#(C.sage)""#, with: #""aggregate_id":{"id":"\#(C.sage)"}"#), .invalidField, "aggregate_id"),
            (deployed.replacing(#""type":"AgentDeployed""#, with: #""type":"AgentRedeployed""#), .invalidField, "event.type"),
            (deployed.replacing(#""type":"AgentDeployed","#, with: ""), .missingField, "event.type"),
            (deployed.replacing(#""agent_id":"\#(C.sage)","#, with: ""), .missingField, "event.agent_id"),
            (deployed.replacing(#""person_id":"\#(C.ada)""#, with: #""person_id":{"id":"\#(C.ada)"}"#), .invalidField, "event.person_id"),
            (deployed.replacing(#""deployed_at":"2025-11-09T19:00:00Z""#, with: #""deployed_at":"2025-11-09T19:00:00""#), .invalidField, "event.deployed_at"),
            (configured.replacing(#""top_p":1.0"#, with: #""top_p":"high""#), .invalidField, "event.config.top_p"),
            (configured.replacing(#""provider":"ollama""#, with: #""provider":"gpt""#), .invalidField, "event.config.provider"),
            (configured.replacing(#","max_tokens":4096"#, with: ""), .missingField, "event.config.max_tokens"),
            (chunk.replacing(#""chunk_index":1"#, with: #""chunk_index":-1"#), .invalidField, "event.chunk.chunk_index"),
            (chunk.replacing(#""is_final":true"#, with: #""is_final":"yes""#), .invalidField, "event.chunk.is_final"),
            (chunk.replacing(#""finish_reason":"stop""#, with: #""finish_reason":"done""#), .invalidField, "event.chunk.finish_reason"),
            (completed.replacing(#""total_tokens":3"#, with: #""total_tokens":3.5"#), .invalidField, "event.token_usage.total_tokens"),
            (completed.replacing(#","duration_ms":42"#, with: ""), .missingField, "event.duration_ms"),
            (failed.replacing(#""recoverable":true"#, with: #""recoverable":1"#), .invalidField, "event.recoverable"),
            (failed.replacing(#""message_id":"\#(C.m1)""#, with: #""message_id":"m1""#), .invalidField, "event.message_id"),
        ]
        expectDecodingFailures(cases, C.decodeEvent)
    }
}
