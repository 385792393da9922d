import Aggregates
import Testing

@Suite struct AgentCodecStateTests {
    typealias C = AgentCodecFixture
    typealias A = AgentFixture

    static func roundTrip(_ state: Agent) throws -> Agent {
        try C.decodeState(C.encodedState(state)).get()
    }

    @Test func aFreshStateRoundTrips() throws {
        #expect(C.encodedState(Agent()) == #"{"id":null,"version":0,"status":null,"person_id":null,"name":null,"description":null,"#
            + #""model_configuration":null,"open_messages":[],"finished_message_ids":[]}"#)
        #expect(try Self.roundTrip(Agent()) == Agent())
        #expect(C.codec.stateSchemaVersion == 1)
    }

    @Test func aStreamingAgentIsWrittenWithItsOpenMessages() {
        let history = A.operational + [
            A.sent(A.m2, at: A.at(5)), .responseFailed(agentID: A.sage, failure: A.failure(A.m2), failedAt: A.at(6)),
            A.sent(A.m3, at: A.at(7)), .responseCompleted(agentID: A.sage, completion: A.completion(A.m3, chunks: 0), completedAt: A.at(8)),
            A.sent(A.m1), A.chunk(A.m1, 0, "[Mock] ", at: A.at(21)),
        ]
        let expected = #"{"id":"\#(C.sage)","version":9,"status":"Active","person_id":"\#(C.ada)","name":"sage","description":"opt","#
            + #""model_configuration":\#(C.llamaJSON),"open_messages":[{"message_id":"\#(C.m1)","content":"hi","sent_at":"2025-11-09T19:00:10Z","#
            + #""chunks":[{"chunk_index":0,"content":"[Mock] ","is_final":false}],"last_activity_at":"2025-11-09T19:00:21Z"}],"#
            + #""finished_message_ids":["\#(A.m2.text)","\#(A.m3.text)"]}"#
        #expect(C.encodedState(Agent.replay(history)) == expected)
    }

    @Test func everyFieldRoundTripsInEveryStatus() throws {
        let streaming = A.operational + [A.sent(A.m1), A.chunk(A.m1, 0), A.chunk(A.m1, 1, final: true), A.sent(A.m2, at: A.at(12))]
        let histories: [[AgentEvent]] = [
            [A.deployed], [A.deployed, A.configured], streaming, streaming + [A.suspended],
            streaming + [.responseCompleted(agentID: A.sage, completion: A.completion(A.m1, chunks: 2), completedAt: A.at(40)), A.decommissioned],
            [.agentDeployed(agentID: A.scribe, personID: A.ada, name: "scribe", description: nil, deployedAt: A.t0),
             .modelConfigured(agentID: A.scribe, configuration: A.mock, configuredAt: A.t0)],
        ]
        for history in histories {
            let state = Agent.replay(history)
            #expect(try Self.roundTrip(state) == state)
            #expect(C.encodedState(try Self.roundTrip(state)) == C.encodedState(state))
        }
    }

    @Test func decodingErrorsNameTheField() {
        let good = C.encodedState(Agent.replay(A.operational + [A.sent(A.m1), A.chunk(A.m1, 0)]))
        let cases: [(String, CommandDecodingError.Code, String?)] = [
            ("7", .malformedJSON, nil),
            (good.replacing(#""version":5,"#, with: ""), .missingField, "version"),
            (good.replacing(#""status":"Active""#, with: #""status":"Sleeping""#), .invalidField, "status"),
            (good.replacing(#""id":"\#(C.sage)""#, with: #""id":"x""#), .invalidField, "id"),
            (good.replacing(#""temperature":0.7"#, with: #""temperature":"warm""#), .invalidField, "model_configuration.temperature"),
            (good.replacing(#""sent_at":"2025-11-09T19:00:10Z""#, with: #""sent_at":10"#), .invalidField, "open_messages[0].sent_at"),
            (good.replacing(#""chunk_index":0"#, with: #""chunk_index":"0""#), .invalidField, "open_messages[0].chunks[0].chunk_index"),
            (good.replacing(#","finished_message_ids":[]"#, with: ""), .missingField, "finished_message_ids"),
            (good.replacing(#""finished_message_ids":[]"#, with: #""finished_message_ids":["m"]"#), .invalidField, "finished_message_ids[0]"),
        ]
        expectDecodingFailures(cases, C.decodeState)
    }

    @Test func theSuccessReplyIsTheOriginalsPlusTheAgentAndVersion() {
        var buffer: [UInt8] = []
        C.codec.encodeSuccessReply(aggregateID: A.sage, version: 3, eventsGenerated: 1, into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"{"agent_id":"\#(C.sage)","status":"ok","version":3}"#)
    }

    @Test func refusalsAreDescribedInSnakeCaseWithTheirField() {
        let table: [(AgentError.Code, String)] = [
            (.alreadyExists, "already_exists"), (.notFound, "not_found"), (.invalid, "invalid"), (.emptyReason, "empty_reason"),
            (.decommissioned, "decommissioned"), (.invalidTransition, "invalid_transition"), (.modelNotConfigured, "model_not_configured"),
            (.notOperational, "not_operational"), (.duplicateMessage, "duplicate_message"), (.messageNotOpen, "message_not_open"),
            (.chunkOutOfOrder, "chunk_out_of_order"), (.responseActive, "response_active"),
        ]
        for (code, text) in table {
            #expect(C.codec.describe(AgentError(code, field: "config.temperature", message: "m")) == DomainFailure(code: text, field: "config.temperature", message: "m"))
        }
        #expect(C.codec.describe(AgentError(.notOperational, message: "x")).field == nil)
        #expect(AgentError(.invalid, field: "name", message: "Agent name cannot be empty").description == "invalid (name): Agent name cannot be empty")
    }
}
