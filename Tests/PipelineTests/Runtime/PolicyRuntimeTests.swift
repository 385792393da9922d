import Aggregates
import Foundation
import NATS
import NIOCore
import TestSupport
import Testing
import Wire

@testable import Pipeline

/// The Policy service's runtime against a real nats-server: the seed's create, events on
/// `events.policy.<id>.<event>`, the status machine, and queries answered from the read model:
/// at once after the command that changed it, and by a replica started later from the stream.
@Suite struct PolicyRuntimeTests {
    static func configuration() -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration(domain: "policy", streamName: "POLICY_EVENTS", shards: 2)
        configuration.drainTimeoutSeconds = 10
        return configuration
    }

    static func extras() -> ServiceHost.Extras<PolicyCodec> {
        ServiceHost.Extras(queries: { client, logger in try QueryHost<PolicyCatalog>(codec: PolicyCodec(), stream: "POLICY_EVENTS", client: client, logger: logger) })
    }

    static func active(_ id: String, minimumYears: Int, enforcement: String, _ client: NATSClient) async throws {
        let rule = #"{"name":"retention","expression":{"GreaterThanOrEqual":{"field":"retention_years","value":\#(minimumYears)}}}"#
        for (verb, json) in [
            ("create", #"{"policy_id":"\#(id)","name":"Keep \#(minimumYears)","policy_type":"Retention","enforcement":"\#(enforcement)","scope":"Organization","rules":[\#(rule)]}"#),
            ("submit", #"{"policy_id":"\#(id)"}"#),
            ("approve", #"{"policy_id":"\#(id)","approved_by":"bob"}"#),
            ("activate", #"{"policy_id":"\#(id)"}"#),
        ] {
            let reply = try await client.policyRequest(verb, json)
            #expect(reply["status"] as? String == "accepted", "\(verb): \(reply)")
        }
    }

    @Test func commandsStoreEventsAndQueriesSeeThemAtOnce() async throws {
        try await NATSServer.withServer { server in
            try await RuntimeHarness.with(server, codec: PolicyCodec(), Self.configuration(), extras: Self.extras()) { _ in
                try await withRequester(server) { client, js in
                    // The seed's example, exactly as written there.
                    let seed = """
                        {
                          "policy_id": "550e8400-e29b-41d4-a716-446655440000",
                          "name": "Data Retention Policy",
                          "description": "All customer data must be retained for 7 years",
                          "policy_type": "Retention",
                          "enforcement": "Mandatory",
                          "scope": "Organization"
                        }
                        """
                    let created = try await client.policyRequest("create", seed)
                    #expect(created["status"] as? String == "accepted", "\(created)")
                    #expect(created["version"] as? Int == 1)
                    let subjects = try await js.messages(stream: "POLICY_EVENTS", subject: "events.policy.550e8400-e29b-41d4-a716-446655440000.>")
                        .reduce(into: [String]()) { $0.append($1.subject) }
                    #expect(subjects == ["events.policy.550e8400-e29b-41d4-a716-446655440000.created"])
                    #expect(try await js.streamInfo("POLICY_EVENTS").config.subjects == ["events.policy.>"])

                    let mandatory = UUIDs.make(), advisory = UUIDs.make()
                    try await Self.active(mandatory, minimumYears: 7, enforcement: "Mandatory", client)
                    try await Self.active(advisory, minimumYears: 10, enforcement: "Advisory", client)
                    // Asked right after the last command was accepted: the model has it.
                    let failing = try await client.policyRequest("check_compliance", #"{"context":{"retention_years":3}}"#)
                    #expect(failing["compliant"] as? Bool == false, "\(failing)")
                    #expect((failing["results"] as? [[String: Any]])?.count == 2, "the two active policies apply; the draft does not: \(failing)")
                    let passing = try await client.policyRequest("check_compliance", #"{"context":{"retention_years":8}}"#)
                    #expect(passing["compliant"] as? Bool == true, "only the advisory one fails: \(passing)")
                    #expect((passing["warnings"] as? [[String: Any]])?.count == 1, "\(passing)")

                    // The status machine, and bad input answered as JSON errors.
                    let illegal = try await client.policyRequest("approve", #"{"policy_id":"550e8400-e29b-41d4-a716-446655440000","approved_by":"bob"}"#)
                    #expect((illegal["error"] as? [String: Any])?["code"] as? String == "invalid_transition", "\(illegal)")
                    let malformed = try await client.policyRequest("evaluate", #"{"context":"#)
                    #expect((malformed["error"] as? [String: Any])?["code"] as? String == "malformed_json", "\(malformed)")
                    let unknown = try await client.policyRequest("evaluate", #"{"context":{},"policy_ids":["\#(UUIDs.make())"]}"#)
                    #expect((unknown["error"] as? [String: Any])?["code"] as? String == "not_found", "\(unknown)")
                    let verb = try await client.policyRequest("promote", #"{"policy_id":"\#(mandatory)"}"#)
                    #expect((verb["error"] as? [String: Any])?["code"] as? String == "unknown_command", "\(verb)")

                    // A replica started later builds its model from the stream.
                    try await RuntimeHarness.with(server, codec: PolicyCodec(), Self.configuration(), extras: Self.extras()) { _ in
                        for _ in 0..<6 {
                            // Queue groups spread these over both replicas: each must agree.
                            let again = try await client.policyRequest("check_compliance", #"{"context":{"retention_years":3}}"#)
                            #expect(again["compliant"] as? Bool == false, "\(again)")
                            #expect((again["results"] as? [[String: Any]])?.count == 2, "\(again)")
                        }
                    }
                }
            }
        }
    }

    /// The server restarts under a running replica: its read model's in-memory consumer is gone,
    /// so the feed makes another from the next sequence it needs, and a policy activated after the
    /// restart is in the answers along with those from before.
    @Test func theReadModelCatchesUpAfterTheServerRestarts() async throws {
        try await NATSServer.withServer { server in
            try await RuntimeHarness.with(server, codec: PolicyCodec(), Self.configuration(), extras: Self.extras()) { _ in
                let before = UUIDs.make(), after = UUIDs.make()
                try await withRequester(server) { client, _ in
                    try await Self.active(before, minimumYears: 7, enforcement: "Mandatory", client)
                }
                try await server.restart()
                try await withRequester(server) { client, _ in
                    // Until the runtime has reconnected, a command may time out or be refused: retried.
                    try await eventually("the runtime to serve again", within: .seconds(30)) {
                        let probe = try? await client.policyRequest("evaluate", #"{"context":{}}"#)
                        return probe?["results"] != nil
                    }
                    try await Self.active(after, minimumYears: 9, enforcement: "Advisory", client)
                    let answer = try await client.policyRequest("evaluate", #"{"context":{"retention_years":8}}"#)
                    let ids = Set((answer["results"] as? [[String: Any]] ?? []).compactMap { $0["policy_id"] as? String })
                    #expect(ids == [before, after], "\(answer)")
                }
            }
        }
    }
}

extension NATSClient {
    /// Sends a Policy command or query to `policy.commands.<verb>` and returns its reply as JSON.
    func policyRequest(_ verb: String, _ json: String) async throws -> [String: Any] {
        let reply = try await request(ByteBuffer(string: json), to: "policy.commands.\(verb)", timeout: .seconds(10))
        return try JSONSerialization.jsonObject(with: Data(reply.payload.readableBytesView)) as? [String: Any] ?? [:]
    }
}
