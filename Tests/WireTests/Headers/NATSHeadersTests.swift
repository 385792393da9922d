import NIOCore
import Testing
import Wire

@Suite struct NATSHeadersTests {
    private func headers(_ text: String) throws -> NATSHeaders {
        try NATSHeaders(validating: ByteBuffer(string: text))
    }

    @Test func idleHeartbeatFromTheReference() throws {
        let text = "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 17\r\nNats-Last-Stream: 42\r\n\r\n"
        #expect(text.utf8.count == 77)
        let h = try headers(text)
        #expect(h.status?.code == 100)
        #expect(h.status?.text == "Idle Heartbeat")
        #expect(h["nats-last-consumer"] == "17")
        #expect(h["NATS-LAST-STREAM"] == "42")
        #expect(h.map(\.nameString) == ["Nats-Last-Consumer", "Nats-Last-Stream"])
    }

    @Test func repeatedKeysKeepTheirOrder() throws {
        let h = try headers("NATS/1.0\r\nA: 1\r\nb: 2\r\na: 3\r\n\r\n")
        #expect(h.values(forName: "A") == ["1", "3"])
        #expect(h["a"] == "1")
        #expect(h["missing"] == nil)
        #expect(Array(h).count == 3)
    }

    @Test func valuesAreTrimmedAndMayBeEmpty() throws {
        let h = try headers("NATS/1.0\r\nA:\t  spaced value \t\r\nEmpty:\r\nColons: a:b:c\r\n\r\n")
        #expect(h["A"] == "spaced value")
        #expect(h["Empty"] == "")
        #expect(h["Colons"] == "a:b:c")
    }

    @Test func statusForms() throws {
        #expect(try headers("NATS/1.0\r\n\r\n").status == nil)
        #expect(try headers("NATS/1.0 503\r\n\r\n").status?.code == 503)
        let timeout = try headers("NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 5\r\nNats-Pending-Bytes: 640\r\n\r\n")
        #expect(timeout.status?.code == 408)
        #expect(timeout.status?.description == "408 Request Timeout")
        #expect(timeout["Nats-Pending-Bytes"] == "640")
        let conflict = try headers("NATS/1.0 409 Consumer Deleted\r\n\r\n")
        #expect(conflict.status?.text == "Consumer Deleted")
    }

    @Test func rejectsMalformedBlocks() {
        for bad in [
            "", "NATS/1.0", "NATS/1.0\r\n", "NATS/1.0\r\nA: 1\r\n", "NATS/2.0\r\n\r\n", "NATS/1.0 50\r\n\r\n",
            "NATS/1.0\r\nA 1\r\n\r\n", "NATS/1.0\r\n\r\nA: 1\r\n\r\n", "NATS/1.0\rX\r\n\r\n", "NATS/1.0\r\nK\u{7F}: v\r\n\r\n",
        ] {
            #expect(throws: NATSProtocolError.self, "\(bad.debugDescription)") { try headers(bad) }
        }
    }
}
