import Aggregates
import Foundation
import NATS
import NIOCore
import TestSupport
import Testing
import Wire

@testable import Pipeline

/// The Location service's runtime against a real nats-server: the seed's own `define` example,
/// events on `events.location.<id>.<event>`, and a parent change decided with the proposed
/// parent's ancestry read from the store (a cycle is refused, not stored).
@Suite struct LocationRuntimeTests {
    static func configuration() -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration(domain: "location", streamName: "LOCATION_EVENTS", shards: 2)
        configuration.drainTimeoutSeconds = 10
        return configuration
    }

    static func define(_ id: String, name: String, parent: String? = nil) -> String {
        let parentJSON = parent.map { #","parent_id":"\#($0)""# } ?? ""
        return #"{"location_id":"\#(id)","name":"\#(name)","location_type":"Physical","address":{"street":"1 Main St","locality":"Springfield","region":"IL","country":"US","postal_code":"62701"}\#(parentJSON)}"#
    }

    @Test func theSeedsExampleAndAParentCycleRefusedFromTheStore() async throws {
        try await NATSServer.withServer { server in
            try await RuntimeHarness.with(server, codec: LocationCodec(), Self.configuration()) { _ in
                try await withRequester(server) { client, js in
                    // The seed's example, exactly as written there.
                    let seed = """
                        {
                          "location_id": "550e8400-e29b-41d4-a716-446655440000",
                          "name": "Test Location",
                          "location_type": "Physical",
                          "address": {
                            "street": "123 Main St",
                            "locality": "Springfield",
                            "region": "IL",
                            "country": "US",
                            "postal_code": "62701"
                          }
                        }
                        """
                    let defined = try await client.locationCommand("define", seed)
                    #expect(defined["status"] as? String == "accepted", "\(defined)")
                    #expect(defined["version"] as? Int == 1)
                    let stored = try await js.messages(stream: "LOCATION_EVENTS", subject: "events.location.550e8400-e29b-41d4-a716-446655440000.>")
                        .reduce(into: [String]()) { $0.append($1.subject) }
                    #expect(stored == ["events.location.550e8400-e29b-41d4-a716-446655440000.defined"])

                    // campus ← building ← floor; then campus under floor would close a cycle.
                    let campus = UUIDs.make(), building = UUIDs.make(), floor = UUIDs.make()
                    #expect(try await client.locationCommand("define", Self.define(campus, name: "Campus"))["version"] as? Int == 1)
                    #expect(try await client.locationCommand("define", Self.define(building, name: "Building", parent: campus))["version"] as? Int == 1)
                    #expect(try await client.locationCommand("define", Self.define(floor, name: "Floor", parent: building))["version"] as? Int == 1)
                    let cycle = try await client.locationCommand("set_parent", #"{"location_id":"\#(campus)","parent_id":"\#(floor)","reason":"reorganised"}"#)
                    #expect((cycle["error"] as? [String: Any])?["code"] as? String == "parent_cycle", "\(cycle)")
                    let unknown = try await client.locationCommand("set_parent", #"{"location_id":"\#(floor)","parent_id":"\#(UUIDs.make())","reason":"moved"}"#)
                    #expect((unknown["error"] as? [String: Any])?["code"] as? String == "parent_not_found", "\(unknown)")
                    // A parent change that closes no cycle is stored.
                    let moved = try await client.locationCommand("set_parent", #"{"location_id":"\#(floor)","parent_id":"\#(campus)","reason":"moved"}"#)
                    #expect(moved["version"] as? Int == 2, "\(moved)")
                    let campusEvents = try await js.messages(stream: "LOCATION_EVENTS", subject: "events.location.\(campus).>").reduce(into: 0) { count, _ in count += 1 }
                    #expect(campusEvents == 1, "the refused parent change stored nothing")
                }
            }
        }
    }
}

extension NATSClient {
    /// Sends a Location command to `location.commands.<verb>` and returns its reply as JSON.
    func locationCommand(_ verb: String, _ json: String) async throws -> [String: Any] {
        let reply = try await request(ByteBuffer(string: json), to: "location.commands.\(verb)", timeout: .seconds(10))
        return try JSONSerialization.jsonObject(with: Data(reply.payload.readableBytesView)) as? [String: Any] ?? [:]
    }
}
