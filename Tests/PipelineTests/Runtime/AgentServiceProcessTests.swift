import Foundation
import NATS
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `agent-service` executable as an operator runs it: the README's commands, a typed error
/// for bad input, a reply cut by `kill -9` ended as `interrupted` by the next start, and SIGTERM
/// with exit 0.
@Suite(.serialized) struct AgentServiceProcessTests {
    func start(_ server: NATSServer) async throws -> ServiceProcess {
        // Slow chunks, so that the kill lands in the middle of a reply; a short idle limit.
        let service = try ServiceProcess(
            url: server.url, environment: ["AGENT_MOCK_CHUNK_DELAY_MS": "300", "AGENT_STREAM_IDLE_SECONDS": "1"], name: "agent-service")
        do {
            try await service.waitForLine(containing: "serving")
        } catch {
            service.cleanUp()
            throw RuntimeTestError("agent-service did not start (\(error)):\n\(service.log)")
        }
        return service
    }

    @Test func aReplyCutByAKillIsEndedByTheNextStartAndSIGTERMDrains() async throws {
        try await NATSServer.withServer { server in
            let agent = UUIDs.make(), message = UUIDs.make()
            var service = try await start(server)
            defer { service.cleanUp() }
            try await withRequester(server) { client, js in
                try await AgentRuntimeTests.operational(agent, client)
                let bad = try await client.agentCommand("activate", #"{"type":"ActivateAgent","agent_id":"not-a-uuid"}"#)
                #expect((bad["error"] as? [String: Any])?["field"] as? String == "agent_id", "a typed error: \(bad)")
                let info = try await js.streamInfo("AGENT_EVENTS")
                #expect(info.config.subjects == ["agent.events.>"], "commands are never captured by the stream")

                let sent = try await client.agentCommand(
                    "send_message", #"{"type":"SendMessage","agent_id":"\#(agent)","message_id":"\#(message)","content":"a long answer please"}"#)
                #expect(sent["status"] as? String == "ok", "\(sent)")
                try await eventually("the first chunk") { try await !AgentRuntimeTests.subjects(js, "agent.events.\(agent).message.\(message).chunk.0").isEmpty }
                service.signal(SIGKILL)
                _ = try await service.waitForExit()
                #expect(try await AgentRuntimeTests.failure(js, agent: agent, message: message) == nil, "nothing ended the reply yet")

                service = try await start(server)
                try await eventually("the restarted service to end the reply") { try await AgentRuntimeTests.failure(js, agent: agent, message: message) != nil }
                let failed = try await AgentRuntimeTests.failure(js, agent: agent, message: message)
                #expect(failed?["error_type"] as? String == "interrupted", "\(String(describing: failed))")
                #expect(try await AgentRuntimeTests.subjects(js, "agent.events.\(agent).message.\(message).completed").isEmpty)

                service.signal(SIGTERM)
                let status = try await service.waitForExit()
                #expect(status == 0, "exit status \(status); log:\n\(service.log)")
                #expect(service.log.contains("drained"), "\(service.log)")
            }
        }
    }
}
