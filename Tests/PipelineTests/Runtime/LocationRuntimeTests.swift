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

extension LocationRuntimeTests {
    /// Pairs of root locations each re-parented under the other at the same moment, on two
    /// replicas: without the hierarchy claim both changes of a pair can read the other's old
    /// (root) ancestry and together close a cycle. With it, the second to be stored finds the
    /// first's claim, reads again, and is refused (or answered `conflict` when it lost twice).
    /// Both commit modes: one atomic batch per command, and group commits of many commands.
    @Test(arguments: RuntimeConfiguration.CommitMode.allCases)
    func concurrentReparentingNeverClosesACycle(commitMode: RuntimeConfiguration.CommitMode) async throws {
        var configuration = Self.configuration()
        configuration.commitMode = commitMode
        try await NATSServer.withServer { server in
            try await RuntimeHarness.with(server, codec: LocationCodec(), configuration) { _ in
                try await RuntimeHarness.with(server, codec: LocationCodec(), configuration) { _ in
                    try await withRequester(server) { client, js in
                        let pairs = (0..<12).map { _ in (UUIDs.make(), UUIDs.make()) }
                        for (a, b) in pairs {
                            #expect(try await client.locationCommand("define", Self.define(a, name: "A"))["version"] as? Int == 1)
                            #expect(try await client.locationCommand("define", Self.define(b, name: "B"))["version"] as? Int == 1)
                        }
                        // (pair, "accepted" or the error code) per request.
                        let answers = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                            for (index, (a, b)) in pairs.enumerated() {
                                for (child, parent) in [(a, b), (b, a)] {
                                    group.addTask {
                                        let reply = try await client.locationCommand("set_parent", #"{"location_id":"\#(child)","parent_id":"\#(parent)","reason":"race"}"#)
                                        return (index, reply["status"] as? String ?? (reply["error"] as? [String: Any])?["code"] as? String ?? "\(reply)")
                                    }
                                }
                            }
                            return try await group.reduce(into: [(Int, String)]()) { $0.append($1) }
                        }
                        #expect(answers.count == pairs.count * 2)
                        var stored = 0
                        for (index, (a, b)) in pairs.enumerated() {
                            let replies = answers.filter { $0.0 == index }.map(\.1)
                            let accepted = replies.filter { $0 == "accepted" }.count
                            #expect(accepted <= 1, "pair \(index): both re-parentings accepted: \(replies)")
                            #expect(replies.allSatisfy { ["accepted", "parent_cycle", "conflict"].contains($0) }, "\(replies)")
                            // The store agrees: at most one of the two has a parent_set event.
                            let aSet = try await js.messages(stream: "LOCATION_EVENTS", subject: "events.location.\(a).parent_set").reduce(into: 0) { count, _ in count += 1 }
                            let bSet = try await js.messages(stream: "LOCATION_EVENTS", subject: "events.location.\(b).parent_set").reduce(into: 0) { count, _ in count += 1 }
                            #expect(aSet + bSet == accepted, "pair \(index): \(aSet) + \(bSet) stored, \(accepted) accepted")
                            stored += aSet + bSet
                        }
                        #expect(stored >= 1, "no re-parenting was accepted at all")
                        // One claim per stored re-parenting, on the claim subject.
                        let claims = try await js.messages(stream: "LOCATION_EVENTS", subject: "events.location._claims.hierarchy").reduce(into: 0) { count, _ in count += 1 }
                        #expect(claims == stored)
                    }
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
