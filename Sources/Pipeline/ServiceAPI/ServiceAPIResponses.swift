import Aggregates
import NIOCore
import Wire

/// The three verbs of the service API.
enum ServiceAPIVerb: String, Sendable, CaseIterable {
    case ping = "PING"
    case info = "INFO"
    case stats = "STATS"

    /// The `type` field of the verb's response.
    var responseType: String {
        switch self {
        case .ping: "io.nats.micro.v1.ping_response"
        case .info: "io.nats.micro.v1.info_response"
        case .stats: "io.nats.micro.v1.stats_response"
        }
    }

    /// The verb's three subjects: every service, every instance of `name`, the instance `id`.
    func subjects(name: String, id: String) -> [String] {
        ["$SRV.\(rawValue)", "$SRV.\(rawValue).\(name)", "$SRV.\(rawValue).\(name).\(id)"]
    }
}

/// The fields every response starts with.
struct ServiceIdentity: Sendable, Hashable {
    var name: String
    var id: String
    var version: String
    var metadata: [String: String]
}

/// The JSON bodies of the `$SRV` responses, byte for byte in the field order nats.go writes
/// (`name`, `id`, `version`, `metadata`, `type`, then the verb's own fields). `metadata` is `{}`
/// when empty, never null; its keys are sorted; durations are integer nanoseconds.
enum ServiceAPIResponse {
    /// `io.nats.micro.v1.ping_response`.
    static func ping(_ identity: ServiceIdentity) -> ByteBuffer {
        var buffer = ByteBuffer()
        writeHead(identity, type: ServiceAPIVerb.ping.responseType, into: &buffer)
        buffer.writeStaticString("}")
        return buffer
    }

    /// `io.nats.micro.v1.info_response`.
    static func info(_ identity: ServiceIdentity, description: String, endpoints: [ServiceEndpoint]) -> ByteBuffer {
        var buffer = ByteBuffer()
        writeHead(identity, type: ServiceAPIVerb.info.responseType, into: &buffer)
        buffer.writeStaticString(",\"description\":")
        buffer.writeJSONString(description)
        buffer.writeStaticString(",\"endpoints\":[")
        for (index, endpoint) in endpoints.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            writeEndpointHead(endpoint, into: &buffer)
            buffer.writeStaticString(",\"metadata\":")
            writeMetadata(endpoint.metadata, into: &buffer)
            buffer.writeStaticString("}")
        }
        buffer.writeStaticString("]}")
        return buffer
    }

    /// `io.nats.micro.v1.stats_response`.
    ///
    /// - Parameters:
    ///   - statistics: The statistics of an endpoint by name (an endpoint without any gets zeros).
    ///   - data: Optional extra JSON per endpoint, written raw as `data` (must be one JSON value).
    static func stats(
        _ identity: ServiceIdentity,
        started: Timestamp,
        endpoints: [ServiceEndpoint],
        statistics: (String) -> EndpointStatistics?,
        data: (String) -> String? = { _ in nil }
    ) -> ByteBuffer {
        var buffer = ByteBuffer()
        writeHead(identity, type: ServiceAPIVerb.stats.responseType, into: &buffer)
        buffer.writeStaticString(",\"started\":")
        buffer.writeJSONString(started.rfc3339)
        buffer.writeStaticString(",\"endpoints\":[")
        for (index, endpoint) in endpoints.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            let numbers = statistics(endpoint.name) ?? EndpointStatistics(name: endpoint.name)
            writeEndpointHead(endpoint, into: &buffer)
            buffer.writeStaticString(",\"num_requests\":")
            buffer.writeJSONInteger(numbers.requests)
            buffer.writeStaticString(",\"num_errors\":")
            buffer.writeJSONInteger(numbers.errors)
            buffer.writeStaticString(",\"last_error\":")
            buffer.writeJSONString(numbers.lastError)
            buffer.writeStaticString(",\"processing_time\":")
            buffer.writeJSONInteger(Int(numbers.processingNanoseconds))
            buffer.writeStaticString(",\"average_processing_time\":")
            buffer.writeJSONInteger(Int(numbers.averageProcessingNanoseconds))
            if let json = data(endpoint.name), !json.isEmpty {
                buffer.writeStaticString(",\"data\":")
                buffer.writeString(json)
            }
            buffer.writeStaticString("}")
        }
        buffer.writeStaticString("]}")
        return buffer
    }

    /// `{"name":…,"id":…,"version":…,"metadata":{…},"type":…` (object left open).
    private static func writeHead(_ identity: ServiceIdentity, type: String, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"name\":")
        buffer.writeJSONString(identity.name)
        buffer.writeStaticString(",\"id\":")
        buffer.writeJSONString(identity.id)
        buffer.writeStaticString(",\"version\":")
        buffer.writeJSONString(identity.version)
        buffer.writeStaticString(",\"metadata\":")
        writeMetadata(identity.metadata, into: &buffer)
        buffer.writeStaticString(",\"type\":")
        buffer.writeJSONString(type)
    }

    /// `{"name":…,"subject":…,"queue_group":…` (object left open).
    private static func writeEndpointHead(_ endpoint: ServiceEndpoint, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"name\":")
        buffer.writeJSONString(endpoint.name)
        buffer.writeStaticString(",\"subject\":")
        buffer.writeJSONString(endpoint.subject)
        buffer.writeStaticString(",\"queue_group\":")
        buffer.writeJSONString(endpoint.queueGroup)
    }

    /// A JSON object of strings with sorted keys; `{}` when empty.
    private static func writeMetadata(_ metadata: [String: String], into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{")
        for (index, key) in metadata.keys.sorted().enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            buffer.writeJSONString(key)
            buffer.writeStaticString(":")
            buffer.writeJSONString(metadata[key]!)
        }
        buffer.writeStaticString("}")
    }
}
