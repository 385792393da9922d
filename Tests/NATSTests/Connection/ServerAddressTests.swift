import Testing

@testable import NATS

@Suite struct ServerAddressTests {
    @Test func parsesTheForms() throws {
        let plain = try ServerAddress(parsing: "nats://localhost:4222")
        #expect(plain.host == "localhost")
        #expect(plain.port == 4222)
        #expect(plain.scheme == .nats)
        #expect(try ServerAddress(parsing: "demo.nats.io").port == 4222)
        #expect(try ServerAddress(parsing: "tls://h:4443").scheme == .tls)
        let ipv6 = try ServerAddress(parsing: "nats://[::1]:4333")
        #expect(ipv6.host == "::1")
        #expect(ipv6.description == "nats://[::1]:4333")
        let user = try ServerAddress(parsing: "nats://ada:p%40ss@h:1")
        #expect(user.user == "ada")
        #expect(user.password == "p@ss")
        #expect(user.description == "nats://h:1")
        let token = try ServerAddress(parsing: "nats://s3cret@h")
        #expect(token.token == "s3cret")
        #expect(token.user == nil)
    }

    @Test func listsAreCommaSeparated() throws {
        let servers = try ServerAddress.parseList(" nats://a:1, nats://b:2 ,c")
        #expect(servers.map(\.description) == ["nats://a:1", "nats://b:2", "nats://c:4222"])
    }

    @Test func badURLsAreConfigurationErrors() {
        for bad in ["http://h:1", "nats://h:0", "nats://h:99999", "nats://h:x", "nats://", "nats://[::1", ""] {
            #expect(throws: NATSClientError.self, "\(bad)") { _ = try ServerAddress.parseList(bad) }
        }
    }
}
