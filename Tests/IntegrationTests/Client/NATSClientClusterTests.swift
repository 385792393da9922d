#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NATS
import TestSupport
import Testing
import Wire

@Suite struct NATSClientClusterTests {
    /// Three servers in one cluster on loopback; the client knows only the first. When that one is
    /// killed, the client fails over to a member it learned from INFO's connect_urls, resubscribes,
    /// and receives what another client publishes.
    @Test func failsOverToALearnedServerAndResubscribes() async throws {
        let routes = try (0..<3).map { _ in try FreePort.next() }
        func options(_ index: Int) -> NATSServer.Options { clusterMember(index, routes: routes, cluster: "cim-test") }
        try await NATSServer.withServer(options(0)) { first in
            try await NATSServer.withServer(options(1)) { second in
                try await NATSServer.withServer(options(2)) { third in
                    try await withClient(first) { client in
                        // Wait until the cluster has formed and the client has heard of every member.
                        try await eventually("connect_urls lists three servers") {
                            (client.serverInfo?.connectURLs.count ?? 0) >= 3
                        }
                        let subscription = try await client.subscribe(to: "cluster.events")
                        try await client.flush()
                        let reconnectedTo = await killAndAwaitReconnect(first, client)
                        let ports = [second.port, third.port].map { "nats://127.0.0.1:\($0)" }
                        #expect(reconnectedTo.map(ports.contains) == true, "reconnected to \(reconnectedTo ?? "nothing")")
                        try await client.flush()
                        // Publish through the other member until the subscription (re-registered on
                        // the new server and propagated over the route) receives.
                        let publisherServer = reconnectedTo == ports[0] ? third : second
                        try await withClient(publisherServer) { publisher in
                            let received = try await withTimeout(.seconds(10), "a message after fail-over") {
                                try await withThrowingTaskGroup(of: String?.self) { group in
                                    group.addTask {
                                        for try await message in subscription { return message.payload.text }
                                        return nil
                                    }
                                    group.addTask {
                                        while !Task.isCancelled {
                                            try await publisher.publish(ByteBuffer(string: "after fail-over"), to: "cluster.events")
                                            try await Task.sleep(for: .milliseconds(50))
                                        }
                                        return nil
                                    }
                                    let first = try await group.next()!
                                    group.cancelAll()
                                    return first
                                }
                            }
                            #expect(received == "after fail-over")
                        }
                    }
                }
            }
        }
    }
}

extension NATSClientClusterTests {
    /// A server in lame duck mode (SIGUSR2) announces it in INFO; the client moves to another
    /// member at once instead of waiting to be cut off.
    @Test func lameDuckModeMovesTheClientEarly() async throws {
        let routes = try (0..<2).map { _ in try FreePort.next() }
        func options(_ index: Int) -> NATSServer.Options {
            clusterMember(index, routes: routes, cluster: "cim-ldm", extraConfig: "lame_duck_duration: \"30s\"\nlame_duck_grace_period: \"10s\"")
        }
        try await NATSServer.withServer(options(0)) { first in
            try await NATSServer.withServer(options(1)) { second in
                try await withClient(first) { client in
                    try await eventually("connect_urls lists both servers") {
                        (client.serverInfo?.connectURLs.count ?? 0) >= 2
                    }
                    var events = client.connectionEvents.makeAsyncIterator()
                    let pid = try #require(first.processIdentifier)
                    kill(pid, SIGUSR2)
                    var sawLameDuck = false
                    var reconnectedTo: String?
                    while let event = await events.next() {
                        if case .lameDuckMode = event { sawLameDuck = true }
                        if case .reconnected(let server) = event {
                            reconnectedTo = server
                            break
                        }
                    }
                    // The client acted on the INFO (the event is only emitted when it moves on its own),
                    // rather than waiting for the server to cut it off after the grace period.
                    #expect(sawLameDuck)
                    #expect(reconnectedTo == "nats://127.0.0.1:\(second.port)")
                    try await client.flush()
                }
                await first.kill()  // a lame duck server waits out its duration on SIGTERM
            }
        }
    }
}

/// A member of a loopback cluster: `routes` holds every member's route port; this one listens on
/// `routes[index]` and routes to the others.
func clusterMember(_ index: Int, routes: [Int], cluster: String, extraConfig: String = "") -> NATSServer.Options {
    let others = routes.enumerated().filter { $0.offset != index }.map { "nats://127.0.0.1:\($0.element)" }
    return NATSServer.Options(
        serverName: "\(cluster)-\(index)-\(routes[0])",
        jetStream: false,
        extraConfig: """
            \(extraConfig)
            cluster {
              name: \(cluster)
              listen: 127.0.0.1:\(routes[index])
              routes: [\(others.joined(separator: ", "))]
            }
            """
    )
}

/// Kills `server` and returns the server `client` reconnects to (nil if its events end first).
func killAndAwaitReconnect(_ server: NATSServer, _ client: NATSClient) async -> String? {
    var events = client.connectionEvents.makeAsyncIterator()
    await server.kill()
    while let event = await events.next() {
        if case .reconnected(let address) = event { return address }
    }
    return nil
}
