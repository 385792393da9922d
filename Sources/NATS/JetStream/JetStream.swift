import Foundation
import Logging
import NIOCore
import Synchronization
import Wire

/// JetStream over one `NATSClient`: the `$JS.API` requests (streams, consumers, reads), publishing
/// with PubAcks, atomic batches, KV buckets and pull consumers.
///
/// API replies are decoded into typed models; a server error becomes a `JetStreamError` keyed by
/// the server's `err_code`. What the server supports is read once from `$JS.API.INFO` and the
/// server's version (`features()`), and calls that need more refuse with `.featureUnavailable`
/// instead of letting an older server ignore what it does not know.
public final class JetStream: Sendable {
    public let client: NATSClient
    /// The JetStream domain, when the account reaches JetStream through one (`$JS.<domain>.API`).
    public let domain: String?
    /// Timeout of API requests and synchronous publishes.
    public let timeout: Duration
    /// `$JS.API.` or `$JS.<domain>.API.`
    let apiPrefix: String
    let logger: Logger
    let cachedFeatures = Mutex<JetStreamFeatures?>(nil)
    let sharedPublisher = Mutex<JetStreamPublisher?>(nil)
    /// Streams known to allow direct gets (or not).
    let directStreams = Mutex<[String: Bool]>([:])

    /// - Throws: `JetStreamError(.invalidArgument)` for a domain that is not a subject token.
    public init(client: NATSClient, domain: String? = nil, timeout: Duration = .seconds(5), logger: Logger = Logger(label: "nats.jetstream")) throws {
        if let domain {
            guard JetStream.isValidName(domain) else {
                throw JetStreamError(.invalidArgument, "invalid JetStream domain \"\(domain)\"")
            }
        }
        self.client = client
        self.domain = domain
        self.timeout = timeout
        self.apiPrefix = domain.map { "$JS.\($0).API." } ?? "$JS.API."
        self.logger = logger
    }

    // MARK: Requests

    /// Sends `body` to `$JS.API.<subject>` and decodes the reply, or throws the server's error.
    func apiRequest<Response: Decodable>(_ subject: String, body: ByteBuffer = ByteBuffer()) async throws -> Response {
        let reply = try await rawRequest(subject, body: body)
        return try decodeReply(Response.self, reply.payload, subject: subject)
    }

    /// Encodes `body` as JSON (nil fields omitted) and sends it like `apiRequest(_:body:)`.
    func apiRequest<Body: Encodable, Response: Decodable>(_ subject: String, json body: Body) async throws -> Response {
        try await apiRequest(subject, body: try Self.encode(body))
    }

    /// One API request; no responders and timeouts become `JetStreamError`s.
    func rawRequest(_ subject: String, body: ByteBuffer, headers: NATSHeaderFields? = nil) async throws -> NATSMessage {
        do {
            return try await client.request(body, to: apiPrefix + subject, headers: headers, timeout: timeout)
        } catch let error as NATSClientError where error.code == .noResponders {
            throw JetStreamError(.noResponders, "nothing answered on \(apiPrefix)\(subject): JetStream is not enabled for this account, or it has no leader yet", status: 503)
        } catch let error as NATSClientError where error.code == .timeout {
            throw JetStreamError(.timeout, "no JetStream reply on \(apiPrefix)\(subject) within \(timeout)")
        }
    }

    func decodeReply<Response: Decodable>(_ type: Response.Type, _ payload: ByteBuffer, subject: String) throws -> Response {
        let data = Data(payload.readableBytesView)
        let decoder = JSONDecoder()
        if let envelope = try? decoder.decode(ErrorEnvelope.self, from: data), let error = envelope.error {
            throw JetStreamError(server: error)
        }
        do {
            return try decoder.decode(Response.self, from: data)
        } catch {
            throw JetStreamError(.invalidResponse, "unexpected reply to \(apiPrefix)\(subject): \(String(buffer: payload)) (\(error))")
        }
    }

    static func encode<Body: Encodable>(_ body: Body) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return ByteBuffer(bytes: try encoder.encode(body))
        } catch {
            throw JetStreamError(.invalidArgument, "cannot encode the request", underlying: error)
        }
    }

    // MARK: Names

    /// Stream, consumer and bucket names: printable, no whitespace, none of `. * > / \`, at most
    /// 255 bytes (ADR-6).
    static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        return name.utf8.allSatisfy { byte in
            byte > 32 && byte < 127 && byte != UInt8(ascii: ".") && byte != UInt8(ascii: "*")
                && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "/") && byte != UInt8(ascii: "\\")
        }
    }

    static func validateName(_ name: String, _ what: String) throws(JetStreamError) {
        guard isValidName(name) else {
            throw JetStreamError(.invalidArgument, "invalid \(what) name \"\(name)\": it must be printable, without whitespace or . * > / \\, at most 255 bytes")
        }
    }
}
