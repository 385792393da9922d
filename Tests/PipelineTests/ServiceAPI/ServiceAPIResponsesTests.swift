import Aggregates
import Foundation
import NIOCore
import Testing

@testable import Pipeline

@Suite struct ServiceAPIResponsesTests {
    let identity = ServiceIdentity(name: "person", id: "ID123", version: "1.2.3", metadata: [:])
    let endpoints = [
        ServiceEndpoint(name: "commands", subject: "person.commands.>", metadata: ["kind": "command"]),
        ServiceEndpoint(name: "queries", subject: "person.queries.*", queueGroup: "readers"),
    ]

    @Test func pingIsExactlyTheReferenceShape() {
        let body = String(buffer: ServiceAPIResponse.ping(identity))
        #expect(body == #"{"name":"person","id":"ID123","version":"1.2.3","metadata":{},"type":"io.nats.micro.v1.ping_response"}"#)
    }

    @Test func infoListsEndpointsWithMetadataAsObjects() throws {
        var identity = self.identity
        identity.metadata = ["zone": "eu", "az": "1"]
        let body = String(buffer: ServiceAPIResponse.info(identity, description: "Person \"aggregate\"", endpoints: endpoints))
        #expect(
            body
                == #"{"name":"person","id":"ID123","version":"1.2.3","metadata":{"az":"1","zone":"eu"},"type":"io.nats.micro.v1.info_response","#
                + #""description":"Person \"aggregate\"","endpoints":[{"name":"commands","subject":"person.commands.>","queue_group":"q","metadata":{"kind":"command"}},"#
                + #"{"name":"queries","subject":"person.queries.*","queue_group":"readers","metadata":{}}]}"#
        )
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(json["description"] as? String == "Person \"aggregate\"")
    }

    @Test func statsCarryCountsTimesAndTheStartTime() throws {
        let recorder = EndpointStatisticsRecorder(endpoints: ["commands", "queries"])
        recorder.record(endpoint: "commands", processingNanoseconds: 1_000)
        recorder.record(endpoint: "commands", processingNanoseconds: 2_000, error: "500:store unavailable")
        let body = ServiceAPIResponse.stats(
            identity,
            started: Timestamp(secondsSinceEpoch: 1_767_323_045, nanoseconds: 5),
            endpoints: endpoints,
            statistics: { recorder.statistics(for: $0) },
            data: { $0 == "commands" ? #"{"shards":8}"# : nil }
        )
        let text = String(buffer: body)
        #expect(text.hasPrefix(#"{"name":"person","id":"ID123","version":"1.2.3","metadata":{},"type":"io.nats.micro.v1.stats_response","started":"2026-01-02T03:04:05.000000005Z","endpoints":["#))
        #expect(
            text.contains(
                #"{"name":"commands","subject":"person.commands.>","queue_group":"q","num_requests":2,"num_errors":1,"last_error":"500:store unavailable","processing_time":3000,"average_processing_time":1500,"data":{"shards":8}}"#
            ),
            "\(text)"
        )
        #expect(
            text.hasSuffix(
                #"{"name":"queries","subject":"person.queries.*","queue_group":"readers","num_requests":0,"num_errors":0,"last_error":"","processing_time":0,"average_processing_time":0}]}"#
            )
        )
        // And it is JSON.
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }

    @Test func theNineSubjects() {
        let subjects = ServiceAPIVerb.allCases.flatMap { $0.subjects(name: "person", id: "ID") }
        #expect(
            subjects == [
                "$SRV.PING", "$SRV.PING.person", "$SRV.PING.person.ID",
                "$SRV.INFO", "$SRV.INFO.person", "$SRV.INFO.person.ID",
                "$SRV.STATS", "$SRV.STATS.person", "$SRV.STATS.person.ID",
            ]
        )
    }
}
