import Aggregates
import Foundation
import NATS
import NIOCore
import TestSupport
import Testing
import Wire

@testable import Pipeline

/// Every case of a domain's bad-input catalogue (`BadInputCatalogue*.swift`) sent to its runtime
/// on a real nats-server: each gets a JSON error with the expected code, field and message, the
/// domain's stream holds nothing more after it, subjects outside the service's subscriptions get
/// "no responders", and a valid command afterwards is stored and answered.
@Suite struct BadInputCatalogueTests {
    enum Domain: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case person, agent, location, policy

        var catalogue: DomainCatalogue {
            switch self {
            case .person: PersonCatalogue.catalogue
            case .agent: AgentCatalogue.catalogue
            case .location: LocationCatalogue.catalogue
            case .policy: PolicyCatalogue.catalogue
            }
        }

        var testDescription: String { rawValue }
    }

    @Test(arguments: Domain.allCases)
    func everyBadInputGetsItsTypedErrorAndNothingIsStored(_ domain: Domain) async throws {
        switch domain {
        case .person: try await Self.run(domain.catalogue, codec: PersonCodec())
        case .agent: try await Self.run(domain.catalogue, codec: AgentCodec(), extras: AgentRuntimeTests.extras())
        case .location: try await Self.run(domain.catalogue, codec: LocationCodec())
        case .policy: try await Self.run(domain.catalogue, codec: PolicyCodec(), extras: PolicyRuntimeTests.extras())
        }
    }

    /// The templates the field cases are derived from are valid commands: a derived case fails for
    /// the one thing it changed, not for something already wrong in its template.
    @Test(arguments: Domain.allCases)
    func everyTemplateDecodes(_ domain: Domain) throws {
        let templates: [CommandTemplate] = switch domain {
        case .person: PersonCatalogue.templates
        case .agent: AgentCatalogue.templates
        case .location: LocationCatalogue.templates
        case .policy: PolicyCatalogue.templates
        }
        for template in templates {
            let bytes = Array(template.json.utf8)
            let decoded: Result<Void, CommandDecodingError> = bytes.withUnsafeBytes { raw in
                let metadata = CommandMetadata(commandID: "c", correlationID: "c", issuedAt: Timestamp(secondsSinceEpoch: 0))
                return Result { () throws(CommandDecodingError) in
                    switch domain {
                    case .person: _ = try PersonCodec().decodeCommand(subject: template.subject, payload: raw, metadata: metadata)
                    case .agent: _ = try AgentCodec().decodeCommand(subject: template.subject, payload: raw, metadata: metadata)
                    case .location: _ = try LocationCodec().decodeCommand(subject: template.subject, payload: raw, metadata: metadata)
                    case .policy: _ = try PolicyCodec().decodeCommand(subject: template.subject, payload: raw, metadata: metadata)
                    }
                }
            }
            if case .failure(let error) = decoded { Issue.record("\(template.name): \(error)\n\(template.json)") }
        }
        #expect(domain.catalogue.cases.count > 100, "\(domain.catalogue.cases.count) cases")
    }

    static func run<Codec: DomainCodec>(_ catalogue: DomainCatalogue, codec: Codec, extras: ServiceHost.Extras<Codec> = ServiceHost.Extras()) async throws {
        var configuration = RuntimeConfiguration(domain: catalogue.domain, streamName: catalogue.stream, shards: 2)
        configuration.drainTimeoutSeconds = 10
        configuration.maxCommandBytes = DomainCatalogue.maxCommandBytes
        configuration.commandSubjects += catalogue.extraSubjects
        let options = NATSServer.Options(extraConfig: "max_payload: \(DomainCatalogue.serverMaxPayload)")
        try await NATSServer.withServer(options) { server in
            try await RuntimeHarness.with(server, codec: codec, configuration, extras: extras) { _ in
                try await withRequester(server) { client, js in
                    for (subject, json) in catalogue.setup {
                        let reply = try await ErrorReply(client.request(ByteBuffer(string: json), to: subject, timeout: .seconds(10)))
                        try #require(reply.code == nil, "setup on \(subject): \(reply)")
                    }
                    let before = try await js.streamInfo(catalogue.stream).state
                    var last = before.lastSequence
                    for input in catalogue.cases {
                        let reply = try await ErrorReply(client.request(ByteBuffer(bytes: input.payload), to: input.subject, timeout: .seconds(10)))
                        #expect(reply.code == input.code, "\(input): \(reply)")
                        #expect(reply.field == input.field, "\(input): \(reply)")
                        for mention in input.mentions {
                            #expect(reply.message?.contains(mention) == true, "\(input): the message does not name \"\(mention)\": \(reply)")
                        }
                        // Stored nothing: checked after each case, so the one that did is named.
                        let now = try await js.streamInfo(catalogue.stream).state.lastSequence
                        #expect(now == last, "\(input) stored \(now - last) messages")
                        last = now
                    }
                    // Outside every subscription of the service: the server says nobody listens.
                    let valid = catalogue.fresh()
                    for subject in catalogue.outside {
                        let error = await #expect(throws: NATSClientError.self, "\(subject)") {
                            _ = try await client.request(ByteBuffer(string: valid.json), to: subject, timeout: .seconds(10))
                        }
                        #expect(error?.code == .noResponders, "\(subject): \(String(describing: error))")
                    }
                    // A request over the server's max_payload never leaves the requester.
                    let oversized = ByteBuffer(repeating: UInt8(ascii: "x"), count: DomainCatalogue.serverMaxPayload + 1)
                    let refused = await #expect(throws: NATSClientError.self) { _ = try await client.request(oversized, to: valid.subject, timeout: .seconds(10)) }
                    #expect(refused?.code == .maximumPayloadExceeded)

                    let after = try await js.streamInfo(catalogue.stream).state
                    #expect(after.messages == before.messages)
                    #expect(after.lastSequence == before.lastSequence)
                    // Still serving: a valid command is answered and stored.
                    let reply = try await ErrorReply(client.request(ByteBuffer(string: valid.json), to: valid.subject, timeout: .seconds(10)))
                    #expect(reply.code == nil, "\(reply)")
                    #expect(reply.version == 1, "\(reply)")
                    #expect(try await js.streamInfo(catalogue.stream).state.messages > after.messages)
                }
            }
        }
    }
}

/// A reply read as the runtime's error shape `{"error":{"code","message","field"?}}`, or a
/// success (no `error`) with its `version`.
struct ErrorReply: CustomStringConvertible {
    var code: String?
    var field: String?
    var message: String?
    var version: Int?
    var text: String

    init(_ message: NATSMessage) throws {
        let bytes = Data(message.payload.readableBytesView)
        text = String(decoding: bytes, as: UTF8.self)
        guard let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
            throw RuntimeTestError("the reply is not a JSON object: \(text)")
        }
        if let error = object["error"] {
            guard let error = error as? [String: Any], let code = error["code"] as? String, let sentence = error["message"] as? String else {
                throw RuntimeTestError("the error is not {code, message}: \(text)")
            }
            self.code = code
            self.message = sentence
            self.field = error["field"] as? String
        }
        version = object["version"] as? Int
    }

    var description: String { text }
}
