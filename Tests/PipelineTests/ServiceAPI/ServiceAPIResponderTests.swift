import Aggregates
import Foundation
import NATS
import NIOCore
import TestSupport
import Testing
import Wire

@testable import Pipeline

@Suite struct ServiceAPIResponderTests {
    let configuration = ServiceAPIConfiguration(
        name: "person",
        version: "1.4.0-rc.1",
        description: "The Person aggregate",
        metadata: ["domain": "cim"],
        endpoints: [
            ServiceEndpoint(name: "commands", subject: "person.commands.>", metadata: ["kind": "command"]),
            ServiceEndpoint(name: "queries", subject: "person.queries.>", queueGroup: "readers"),
        ]
    )

    /// A connected client to `server` while `body` runs; drained afterwards.
    func withClient<T: Sendable>(_ server: NATSServer, _ body: (NATSClient) async throws -> T) async throws -> T {
        var configuration = try NATSClientConfiguration(url: server.url)
        configuration.connectTimeout = .seconds(2)
        configuration.requestTimeout = .seconds(5)
        configuration.drainTimeout = .seconds(5)
        return try await NATSClient.withConnection(configuration: configuration, logger: quietLogger, body)
    }

    /// Runs `responders` while `body` runs, once all their subscriptions are confirmed.
    func withResponders<T: Sendable>(
        _ client: NATSClient,
        _ configurations: [ServiceAPIConfiguration],
        _ body: ([ServiceAPIResponder]) async throws -> T
    ) async throws -> T {
        let started = Announcements<Void>()
        let responders = try configurations.map { configuration in
            try ServiceAPIResponder(client: client, configuration: configuration, logger: quietLogger, onStarted: { started.announce(()) })
        }
        return try await withServicesRunning(responders) {
            for _ in responders { try await started.next("a responder to subscribe") }
            return try await body(responders)
        }
    }

    func object(_ message: NATSMessage) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(message.payload.readableBytesView)) as? [String: Any])
    }

    /// The fields every response starts with, with their types.
    func expectIdentity(_ json: [String: Any], type: String, id: String) {
        #expect(json["type"] as? String == type)
        #expect(json["name"] as? String == "person")
        #expect(json["id"] as? String == id)
        #expect(json["version"] as? String == "1.4.0-rc.1")
        #expect(json["metadata"] as? [String: String] == ["domain": "cim"])
    }

    @Test func pingInfoAndStatsAnswerWithTheReferenceFields() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                try await withResponders(client, [configuration]) { responders in
                    let id = responders[0].instanceID
                    #expect(responders[0].subjects.count == 9)

                    let ping = try object(try await client.request(ByteBuffer(), to: "$SRV.PING"))
                    expectIdentity(ping, type: "io.nats.micro.v1.ping_response", id: id)
                    #expect(ping.count == 5)

                    let info = try object(try await client.request(ByteBuffer(), to: "$SRV.INFO.person"))
                    expectIdentity(info, type: "io.nats.micro.v1.info_response", id: id)
                    #expect(info["description"] as? String == "The Person aggregate")
                    let infoEndpoints = try #require(info["endpoints"] as? [[String: Any]])
                    #expect(infoEndpoints.count == 2)
                    #expect(infoEndpoints[0]["name"] as? String == "commands")
                    #expect(infoEndpoints[0]["subject"] as? String == "person.commands.>")
                    #expect(infoEndpoints[0]["queue_group"] as? String == "q")
                    #expect(infoEndpoints[0]["metadata"] as? [String: String] == ["kind": "command"])
                    #expect(infoEndpoints[1]["queue_group"] as? String == "readers")
                    #expect(infoEndpoints[1]["metadata"] as? [String: String] == [:])

                    let stats = try object(try await client.request(ByteBuffer(), to: "$SRV.STATS.person.\(id)"))
                    expectIdentity(stats, type: "io.nats.micro.v1.stats_response", id: id)
                    let started = try #require(stats["started"] as? String)
                    #expect(started == responders[0].started.rfc3339)
                    #expect(started.hasSuffix("Z") && started.count >= 20, "\(started)")
                    let statsEndpoints = try #require(stats["endpoints"] as? [[String: Any]])
                    #expect(statsEndpoints.map { $0["name"] as? String } == ["commands", "queries"])
                    for endpoint in statsEndpoints {
                        #expect(endpoint["num_requests"] as? Int == 0)
                        #expect(endpoint["num_errors"] as? Int == 0)
                        #expect(endpoint["last_error"] as? String == "")
                        #expect(endpoint["processing_time"] as? Int == 0)
                        #expect(endpoint["average_processing_time"] as? Int == 0)
                        #expect(endpoint["data"] == nil)
                    }
                }
            }
        }
    }

    @Test func statsCountRecordedRequestsAndErrors() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                try await withResponders(client, [configuration]) { responders in
                    let statistics = responders[0].statistics
                    statistics.record(endpoint: "commands", processingNanoseconds: 40_000, error: nil)
                    statistics.record(endpoint: "commands", processingNanoseconds: 60_000, error: "409:conflict on person 7")
                    statistics.handle(for: "queries")?.record(processingNanoseconds: 5_000)

                    let stats = try object(try await client.request(ByteBuffer(), to: "$SRV.STATS.person"))
                    let endpoints = try #require(stats["endpoints"] as? [[String: Any]])
                    #expect(endpoints[0]["num_requests"] as? Int == 2)
                    #expect(endpoints[0]["num_errors"] as? Int == 1)
                    #expect(endpoints[0]["last_error"] as? String == "409:conflict on person 7")
                    #expect(endpoints[0]["processing_time"] as? Int == 100_000)
                    #expect(endpoints[0]["average_processing_time"] as? Int == 50_000)
                    #expect(endpoints[1]["num_requests"] as? Int == 1)
                    #expect(endpoints[1]["num_errors"] as? Int == 0)
                }
            }
        }
    }

    @Test func twoInstancesOfOneServiceBothAnswerAPing() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                try await withResponders(client, [configuration, configuration]) { responders in
                    #expect(responders[0].instanceID != responders[1].instanceID)
                    let inbox = "_INBOX.srv-test.\(ServiceInstanceID.generate())"
                    let replies = try await client.subscribe(to: inbox)
                    try await client.flush()
                    try await client.publish(ByteBuffer(), to: "$SRV.PING.person", replyTo: inbox)
                    let messages = try await withTimeout(.seconds(5), "two PING replies") {
                        var messages: [NATSMessage] = []
                        for try await message in replies {
                            messages.append(message)
                            if messages.count == 2 { break }
                        }
                        return messages
                    }
                    try await replies.unsubscribe()
                    let ids = try Set(messages.map { try object($0)["id"] as? String })
                    #expect(ids == Set(responders.map(\.instanceID)))
                }
            }
        }
    }

    @Test func aGracefulShutdownUnsubscribes() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                try await withResponders(client, [configuration]) { _ in
                    _ = try await client.request(ByteBuffer(), to: "$SRV.PING")
                }
                let error = await #expect(throws: NATSClientError.self) {
                    try await client.request(ByteBuffer(), to: "$SRV.PING", timeout: .seconds(2))
                }
                #expect(error?.code == .noResponders)
            }
        }
    }

    /// A client that is never run: enough to build a responder and encode its answers.
    func idleClient() throws -> NATSClient {
        try NATSClient(configuration: try NATSClientConfiguration(url: "nats://127.0.0.1:4222"), logger: quietLogger)
    }

    @Test func statsDataIsSentRawPerEndpoint() throws {
        let responder = try ServiceAPIResponder(
            client: try idleClient(),
            configuration: configuration,
            instanceID: "fixed-id",
            logger: quietLogger,
            statsData: { $0 == "commands" ? #"{"shards":4,"busy":false}"# : nil }
        )
        #expect(responder.subjects.contains("$SRV.STATS.person.fixed-id"))
        let body = responder.response(to: .stats)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
        let endpoints = try #require(json["endpoints"] as? [[String: Any]])
        #expect((endpoints[0]["data"] as? [String: Any])?["shards"] as? Int == 4)
        #expect(endpoints[1]["data"] == nil)
        #expect(String(buffer: responder.response(to: .ping)).contains(#""id":"fixed-id""#))
    }

    @Test func anInvalidConfigurationIsRefusedAtInit() throws {
        let client = try idleClient()
        let badName = #expect(throws: ServiceAPIError.self) {
            try ServiceAPIResponder(client: client, configuration: ServiceAPIConfiguration(name: "per.son", version: "1.0.0"))
        }
        #expect(badName?.code == .invalidName)
        let badID = #expect(throws: ServiceAPIError.self) {
            try ServiceAPIResponder(client: client, configuration: configuration, instanceID: "bad.id")
        }
        #expect(badID?.code == .invalidName)
        let badVersion = #expect(throws: ServiceAPIError.self) {
            try ServiceAPIResponder(client: client, configuration: ServiceAPIConfiguration(name: "person", version: "1.0"))
        }
        #expect(badVersion?.code == .invalidVersion)
    }
}
