import Foundation
import NIOCore
import NATS
import TestSupport
import Testing
import Wire

@Suite struct JetStreamStreamTests {
    @Test(.enabled(if: serverVersionAtLeast(2, 12, 0), "expects API level 2+"))
    func featuresComeFromAPILevelAndVersion() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                let features = try await js.features()
                #expect(features.serverVersion >= ServerVersion(2, 12, 0))
                #expect(features.apiLevel >= 2)
                #expect(features.atomicBatch)
                let info = try await js.accountInfo()
                #expect(info.api.level == features.apiLevel)
            }
        }
    }

    @Test func ensureCreatesThenLeavesAnEqualStreamAlone() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                let config = testStream("ORDERS", subjects: ["orders.>"]) { $0.maxMessagesPerSubject = 100 }
                let created = try await js.ensureStream(config)
                #expect(created.config.subjects == ["orders.>"])
                #expect(created.config.maxMessagesPerSubject == 100)
                let again = try await js.ensureStream(config)
                #expect(again.created == created.created)
                #expect(try await js.streamNames() == ["ORDERS"])
                #expect(try await js.streams().map(\.config.name) == ["ORDERS"])
                #expect(try await js.streamNames(subject: "orders.1") == ["ORDERS"])
                #expect(try await js.streamNames(subject: "other") == [])
            }
        }
    }

    @Test func ensureUpdatesCompatibleDriftAndKeepsUnsetFields() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.ensureStream(testStream("S", subjects: ["a.>"]) {
                    $0.description = "kept"
                    $0.maxMessages = 10
                })
                let updated = try await js.ensureStream(testStream("S", subjects: ["a.>", "b.>"]) { $0.maxMessages = 20 })
                #expect(updated.config.subjects == ["a.>", "b.>"])
                #expect(updated.config.maxMessages == 20)
                // Fields the wanted configuration leaves nil keep the server's values.
                #expect(updated.config.description == "kept")
            }
        }
    }

    @Test func ensureReportsIncompatibleDrift() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.ensureStream(testStream("S", subjects: ["a.>"], storage: .file))
                let error = await #expect(throws: JetStreamError.self) {
                    try await js.ensureStream(testStream("S", subjects: ["a.>"], storage: .memory))
                }
                #expect(error?.code == .incompatibleConfiguration)
                #expect(error?.detail.contains("storage") == true)
            }
        }
    }

    @Test func infoPurgeAndDeleteWithTypedErrors() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                let missing = await #expect(throws: JetStreamError.self) { try await js.streamInfo("NOPE") }
                #expect(missing?.code == .streamNotFound)
                #expect(missing?.errorCode == 10059)
                _ = try await js.ensureStream(testStream("S", subjects: ["s.>"]))
                for i in 0..<10 {
                    _ = try await js.publish(ByteBuffer(string: "\(i)"), to: i.isMultiple(of: 2) ? "s.even" : "s.odd")
                }
                #expect(try await js.purgeStream("S", subject: "s.even") == 5)
                let info = try await js.streamInfo("S")
                #expect(info.state.messages == 5)
                #expect(info.state.lastSequence == 10)
                #expect(try await js.purgeStream("S") == 5)
                try await js.deleteStream("S")
                let gone = await #expect(throws: JetStreamError.self) { try await js.deleteStream("S") }
                #expect(gone?.code == .streamNotFound)
                let invalid = await #expect(throws: JetStreamError.self) { try await js.streamInfo("a.b") }
                #expect(invalid?.code == .invalidArgument)
            }
        }
    }

    @Test func sameNameWithAnotherConfigurationIsNameInUse() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, _ in
                _ = try await js.createStream(testStream("S", subjects: ["a"]))
                let error = await #expect(throws: JetStreamError.self) {
                    try await js.createStream(testStream("S", subjects: ["b"]))
                }
                #expect(error?.code == .streamNameInUse)
            }
        }
    }

    /// More streams than one page of `STREAM.NAMES` and of `STREAM.LIST`: both calls page through
    /// to the end. The server's page sizes are read from its first pages, so the test shows that
    /// paging really happened.
    @Test func namesAndListPageThroughEveryStream() async throws {
        try await NATSServer.withServer { server in
            try await withJetStream(server) { js, client in
                let count = 1100
                let names = (0..<count).map { String(format: "S%04d", $0) }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (index, name) in names.enumerated() {
                        if index >= 16 { try await group.next() }
                        group.addTask { _ = try await js.createStream(testStream(name, subjects: ["s.\(name)"], storage: .memory)) }
                    }
                    try await group.waitForAll()
                }
                let namesPage = try await firstPage(client, "STREAM.NAMES")
                let listPage = try await firstPage(client, "STREAM.LIST")
                #expect(namesPage.total == count)
                #expect(namesPage.limit < count, "one STREAM.NAMES page holds \(namesPage.limit)")
                #expect(listPage.limit < count, "one STREAM.LIST page holds \(listPage.limit)")
                let listed = try await js.streamNames()
                #expect(listed.count == count)
                #expect(listed.sorted() == names)
                let infos = try await js.streams()
                #expect(infos.count == count)
                #expect(infos.map(\.config.name).sorted() == names)
                // A subject filter pages too.
                #expect(try await js.streamNames(subject: "s.>").count == count)
            }
        }
    }

    private struct Page: Decodable {
        var total: Int
        var limit: Int
    }

    private func firstPage(_ client: NATSClient, _ api: String) async throws -> Page {
        let reply = try await client.request(ByteBuffer(string: "{\"offset\":0}"), to: "$JS.API.\(api)")
        return try JSONDecoder().decode(Page.self, from: Data(reply.payload.readableBytesView))
    }
}
