import Aggregates
import Foundation
import NATS
import NIOCore
import TestSupport
import Testing
import Wire

@testable import Pipeline

/// Every `nats req <subject> '<json>'` line of the README, sent in order to the service its
/// subject names, on a fresh server: a line without a comment must succeed, a line ending in
/// `# → <code>` must be refused with that code. The documentation cannot rot.
@Suite struct ReadmeExamplesTests {
    struct Example: Sendable, CustomStringConvertible {
        var line: Int
        var subject: String
        var payload: String
        /// The error code the line expects; `nil`: success.
        var expectedError: String?

        var domain: String { String(subject.prefix { $0 != "." }) }
        var description: String { "README line \(line): \(subject)" }
    }

    static func examples() throws -> [Example] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        var examples: [Example] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.hasPrefix("nats req "), let open = line.firstIndex(of: "'"), let close = line.lastIndex(of: "'"), open < close else { continue }
            let subject = line.dropFirst("nats req ".count).prefix { $0 != " " }
            let comment = line[line.index(after: close)...].split(separator: "#", maxSplits: 1).dropFirst().first
            let expected = comment.flatMap { $0.split(separator: "→").dropFirst().first }.map { $0.trimmingCharacters(in: .whitespaces) }
            examples.append(Example(line: index + 1, subject: String(subject), payload: String(line[line.index(after: open)..<close]), expectedError: expected))
        }
        return examples
    }

    @Test func theReadmesExamplesDoWhatTheySay() async throws {
        let examples = try Self.examples()
        let domains = Set(examples.map(\.domain))
        #expect(domains == ["location", "agent", "policy"], "\(domains)")
        try await NATSServer.withServer { server in
            try await RuntimeHarness.with(server, codec: LocationCodec(), LocationRuntimeTests.configuration()) { _ in
                try await RuntimeHarness.with(server, codec: AgentCodec(), AgentRuntimeTests.configuration(), extras: AgentRuntimeTests.extras()) { _ in
                    try await RuntimeHarness.with(server, codec: PolicyCodec(), PolicyRuntimeTests.configuration(), extras: PolicyRuntimeTests.extras()) { _ in
                        try await withRequester(server) { client, _ in
                            for example in examples {
                                let reply = try await client.request(ByteBuffer(string: example.payload), to: example.subject, timeout: .seconds(10))
                                let json = try JSONSerialization.jsonObject(with: Data(reply.payload.readableBytesView)) as? [String: Any] ?? [:]
                                let code = (json["error"] as? [String: Any])?["code"] as? String
                                #expect(code == example.expectedError, "\(example): \(json)")
                            }
                        }
                    }
                }
            }
        }
    }
}
