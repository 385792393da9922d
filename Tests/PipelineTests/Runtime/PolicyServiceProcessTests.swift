import Foundation
import NATS
import NIOCore
import TestSupport
import Testing
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// The `policy-service` executable as an operator runs it: the seed's create, a query answered
/// from the read model, a typed error for bad input, SIGTERM with exit 0, and after a restart the
/// model and the aggregates rebuilt from the stream.
@Suite(.serialized) struct PolicyServiceProcessTests {
    func start(_ server: NATSServer) async throws -> ServiceProcess {
        let service = try ServiceProcess(url: server.url, name: "policy-service")
        do {
            try await service.waitForLine(containing: "serving")
        } catch {
            service.cleanUp()
            throw RuntimeTestError("policy-service did not start (\(error)):\n\(service.log)")
        }
        return service
    }

    @Test func servesQueriesDrainsAndRebuildsAfterARestart() async throws {
        try await NATSServer.withServer { server in
            let id = UUIDs.make()
            var service = try await start(server)
            defer { service.cleanUp() }
            try await withRequester(server) { client, _ in
                try await PolicyRuntimeTests.active(id, minimumYears: 7, enforcement: "Mandatory", client)
                let bad = try await client.policyRequest("create", #"{"policy_id":"\#(id)"}"#)
                #expect((bad["error"] as? [String: Any])?["code"] as? String == "missing_field", "a typed error: \(bad)")
                let before = try await client.policyRequest("check_compliance", #"{"context":{"retention_years":3}}"#)
                #expect(before["compliant"] as? Bool == false, "\(before)")
                // `$SRV` discovery lists the queries next to the commands.
                let info = try await client.request(ByteBuffer(), to: "$SRV.INFO.policy-service", timeout: .seconds(5))
                let endpoints = (try JSONSerialization.jsonObject(with: Data(info.payload.readableBytesView)) as? [String: Any])?["endpoints"] as? [[String: Any]]
                #expect(endpoints?.compactMap { $0["subject"] as? String } == ["policy.commands.>", "policy.commands.evaluate", "policy.commands.check_compliance"], "\(String(describing: endpoints))")

                service.signal(SIGTERM)
                let status = try await service.waitForExit()
                #expect(status == 0, "exit status \(status); log:\n\(service.log)")
                #expect(service.log.contains("drained"), "\(service.log)")

                service = try await start(server)
                let after = try await client.policyRequest("check_compliance", #"{"context":{"retention_years":3}}"#)
                #expect(after["compliant"] as? Bool == false, "the read model rebuilt from the stream: \(after)")
                let suspended = try await client.policyRequest("suspend", #"{"policy_id":"\#(id)","reason":"audit"}"#)
                #expect(suspended["version"] as? Int == 5, "the policy rebuilt: \(suspended)")
                let none = try await client.policyRequest("check_compliance", #"{"context":{"retention_years":3}}"#)
                #expect(none["compliant"] as? Bool == true, "a suspended policy no longer applies: \(none)")
            }
        }
    }
}
