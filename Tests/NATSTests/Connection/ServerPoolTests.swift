import Testing

@testable import NATS

@Suite struct ServerPoolTests {
    @Test func connectURLsAddImplicitServersAndDropStaleOnes() throws {
        var random = SplitMix64(seed: 1)
        var pool = ServerPool(servers: [try ServerAddress(parsing: "nats://a:4222")], maxAttempts: nil, shuffle: false, random: &random)
        pool.update(connectURLs: ["a:4222", "b:4222", "c:4222"], scheme: .nats, shuffle: false, random: &random)
        #expect(pool.entries.map(\.address.host) == ["a", "b", "c"])
        #expect(pool.entries.map(\.address.isImplicit) == [false, true, true])
        pool.update(connectURLs: ["a:4222", "c:4222"], scheme: .nats, shuffle: false, random: &random)
        #expect(pool.entries.map(\.address.host) == ["a", "c"])
        // An INFO without connect_urls changes nothing.
        pool.update(connectURLs: [], scheme: .nats, shuffle: false, random: &random)
        #expect(pool.count == 2)
    }

    @Test func duplicatesAreMerged() throws {
        var random = SplitMix64(seed: 1)
        let servers = try ["nats://a:4222", "a:4222", "nats://A:4222", "nats://b:1"].map { try ServerAddress(parsing: $0) }
        let pool = ServerPool(servers: servers, maxAttempts: nil, shuffle: false, random: &random)
        #expect(pool.entries.map(\.address.description) == ["nats://a:4222", "nats://b:1"])
    }
}
