import Foundation
import NATS
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `location-service` executable as an operator runs it: it starts with the seeds' defaults,
/// answers the seed's example and bad input, drains on SIGTERM with exit 0, and rebuilds its
/// locations after a restart.
@Suite(.serialized) struct LocationServiceProcessTests {
    func start(_ server: NATSServer) async throws -> ServiceProcess {
        let service = try ServiceProcess(url: server.url, name: "location-service")
        do {
            try await service.waitForLine(containing: "serving")
        } catch {
            service.cleanUp()
            throw RuntimeTestError("location-service did not start (\(error)):\n\(service.log)")
        }
        return service
    }

    @Test func servesDrainsAndRebuildsAfterARestart() async throws {
        try await NATSServer.withServer { server in
            let id = UUIDs.make()
            var service = try await start(server)
            defer { service.cleanUp() }
            try await withRequester(server) { client, js in
                let defined = try await client.locationCommand("define", LocationRuntimeTests.define(id, name: "Depot"))
                #expect(defined["version"] as? Int == 1, "\(defined)")
                let bad = try await client.locationCommand("define", #"{"location_id":"\#(id)","name":"x"}"#)
                #expect((bad["error"] as? [String: Any])?["code"] as? String != nil, "a typed error: \(bad)")
                let info = try await js.streamInfo("LOCATION_EVENTS")
                #expect(info.config.subjects == ["events.location.>"])

                service.signal(SIGTERM)
                let status = try await service.waitForExit()
                #expect(status == 0, "exit status \(status); log:\n\(service.log)")
                #expect(service.log.contains("drained"), "\(service.log)")

                service = try await start(server)
                let archived = try await client.locationCommand("archive", #"{"location_id":"\#(id)","reason":"closed"}"#)
                #expect(archived["version"] as? Int == 2, "rebuilt after the restart: \(archived)")
                let late = try await client.locationCommand("add_metadata", #"{"location_id":"\#(id)","metadata":{"k":"v"},"reason":"r"}"#)
                #expect((late["error"] as? [String: Any])?["code"] as? String == "archived", "\(late)")
            }
        }
    }
}
