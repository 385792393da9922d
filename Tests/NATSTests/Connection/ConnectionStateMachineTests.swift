import NIOCore
import Testing
import Wire

@testable import NATS

@Suite struct ConnectionStateMachineTests {
    typealias Action = ConnectionStateMachine.Action

    static func machine(
        servers: [String] = ["nats://a:4222"],
        maxAttempts: Int? = 3,
        authentication: NATSClientConfiguration.Authentication = .none,
        adjust: (inout NATSClientConfiguration) -> Void = { _ in }
    ) throws -> ConnectionStateMachine {
        var configuration = NATSClientConfiguration(servers: try servers.map { try ServerAddress(parsing: $0) })
        configuration.noRandomize = true
        configuration.reconnectWait = .seconds(1)
        configuration.reconnectJitter = .zero
        configuration.maxReconnectWait = .seconds(4)
        configuration.maxPingsOutstanding = 2
        configuration.name = "test"
        configuration.authentication = authentication
        adjust(&configuration)
        return ConnectionStateMachine(
            configuration: .init(configuration, authentication: try ResolvedAuthentication(configuration.authentication)),
            servers: configuration.servers,
            maxReconnectAttempts: maxAttempts,
            seed: 42
        )
    }

    /// Drives a machine through a successful handshake on generation `generation`.
    static func connect(_ machine: inout ConnectionStateMachine, generation: UInt64, info: ServerInfo = ServerInfo(maxPayload: 1024)) {
        _ = machine.channelActive(generation: generation)
        _ = machine.infoReceived(info, generation: generation)
        _ = machine.pongReceived(generation: generation)
    }

    static func text(_ action: Action) -> String? {
        if case .write(let bytes) = action { return String(buffer: bytes) }
        return nil
    }

    @Test func handshakeSendsConnectAndPingThenEstablishes() throws {
        var machine = try Self.machine()
        let server = try ServerAddress(parsing: "nats://a:4222")
        #expect(machine.start() == .connect(server, generation: 1, timeout: .seconds(2)))
        #expect(machine.channelActive(generation: 1) == .none)
        let write = try #require(Self.text(machine.infoReceived(ServerInfo(maxPayload: 1024), generation: 1)))
        #expect(write.hasPrefix("CONNECT {\"verbose\":false,\"pedantic\":false,"))
        #expect(write.contains("\"headers\":true,\"no_responders\":true"))
        #expect(write.contains("\"name\":\"test\""))
        #expect(write.hasSuffix("}\r\nPING\r\n"))
        #expect(!machine.isConnected)
        guard case .established(let info, let established, let isReconnect, 1) = machine.pongReceived(generation: 1) else {
            Issue.record("expected established")
            return
        }
        #expect(info.maxPayload == 1024)
        #expect(established == server)
        #expect(!isReconnect)
        #expect(machine.isConnected)
    }

    @Test func credentialsGoIntoConnect() throws {
        var machine = try Self.machine(authentication: .userPassword(user: "ada", password: "pw"))
        _ = machine.start()
        _ = machine.channelActive(generation: 1)
        let write = try #require(Self.text(machine.infoReceived(ServerInfo(), generation: 1)))
        #expect(write.contains("\"user\":\"ada\",\"pass\":\"pw\""))
    }

    @Test func nkeySignsTheNonce() throws {
        let seed = "SUAOTBNEUHZDFJT3EUMELT7MQTP24JF3XVCXQNDSCU74G5IU6VAJBKH5LI"
        var machine = try Self.machine(authentication: .nkey(seed: seed))
        _ = machine.start()
        _ = machine.channelActive(generation: 1)
        let write = try #require(Self.text(machine.infoReceived(ServerInfo(nonce: "abcdefghijklmno"), generation: 1)))
        let signature = try NKeyPair(seed: seed).signNonce("abcdefghijklmno")
        #expect(write.contains("\"nkey\":\"UDE6WTGLTTPCRJRJCKBJRGVNZTLIVR7LEEELR4CYWWWBKJS7XYIKXDUU\""))
        #expect(write.contains("\"sig\":\"\(signature)\""))
    }

    @Test func serverPingIsAnswered() throws {
        var machine = try Self.machine()
        _ = machine.start()
        Self.connect(&machine, generation: 1)
        #expect(Self.text(machine.pingReceived(generation: 1)) == "PONG\r\n")
        #expect(machine.pingReceived(generation: 7) == .none)
    }

    @Test func keepaliveDetectsAStaleConnection() throws {
        var machine = try Self.machine()
        _ = machine.start()
        Self.connect(&machine, generation: 1)
        #expect(Self.text(machine.pingTimerFired(generation: 1)) == "PING\r\n")
        #expect(Self.text(machine.pingTimerFired(generation: 1)) == "PING\r\n")
        guard case .closeChannel(1, let reason) = machine.pingTimerFired(generation: 1) else {
            Issue.record("expected the stale connection to be closed")
            return
        }
        #expect(reason.code == .staleConnection)
    }

    @Test func pongResetsOutstandingPings() throws {
        var machine = try Self.machine()
        _ = machine.start()
        Self.connect(&machine, generation: 1)
        for _ in 0..<10 {
            #expect(Self.text(machine.pingTimerFired(generation: 1)) == "PING\r\n")
            #expect(machine.pongReceived(generation: 1) == .none)
        }
    }

    @Test func flushesArePairedWithPongsInOrder() throws {
        var machine = try Self.machine()
        _ = machine.start()
        // Requested before the connection: sent after the handshake.
        #expect(machine.flushRequested() == .none)
        Self.connect(&machine, generation: 1)
        #expect(machine.takeQueuedFlushes().map { String(buffer: $0) } == "PING\r\n")
        #expect(machine.takeQueuedFlushes() == nil)
        #expect(Self.text(machine.pingTimerFired(generation: 1)) == "PING\r\n")  // a keepalive in between
        #expect(Self.text(machine.flushRequested()) == "PING\r\n")
        #expect(machine.pongReceived(generation: 1) == .completeFlushes(1))
        #expect(machine.pongReceived(generation: 1) == .none)  // the keepalive's
        #expect(machine.pongReceived(generation: 1) == .completeFlushes(1))
    }

    @Test func lostConnectionReconnectsAtOnceThenBacksOff() throws {
        var machine = try Self.machine(servers: ["nats://a:4222", "nats://b:4222"])
        let a = try ServerAddress(parsing: "nats://a:4222")
        let b = try ServerAddress(parsing: "nats://b:4222")
        _ = machine.start()
        Self.connect(&machine, generation: 1)
        _ = machine.flushRequested()
        guard case .disconnected(_, let failed, let next) = machine.channelClosed(generation: 1, error: nil) else {
            Issue.record("expected disconnected")
            return
        }
        #expect(failed == 1)
        #expect(next == .connect(b, generation: 2, timeout: .seconds(2)))
        let refused = NATSClientError(.connectionFailed, "refused")
        #expect(machine.connectFailed(generation: 2, error: refused) == .connect(a, generation: 3, timeout: .seconds(2)))
        #expect(machine.connectFailed(generation: 3, error: refused) == .scheduleReconnect(after: .seconds(1), generation: 4))
        #expect(machine.reconnectTimerFired(generation: 4) == .connect(b, generation: 5, timeout: .seconds(2)))
        #expect(machine.connectFailed(generation: 5, error: refused) == .connect(a, generation: 6, timeout: .seconds(2)))
        #expect(machine.connectFailed(generation: 6, error: refused) == .scheduleReconnect(after: .seconds(2), generation: 7))
        _ = machine.reconnectTimerFired(generation: 7)
        _ = machine.connectFailed(generation: 8, error: refused)
        #expect(machine.connectFailed(generation: 9, error: refused) == .scheduleReconnect(after: .seconds(4), generation: 10))
        // A success resets the back-off and reports a reconnect.
        _ = machine.reconnectTimerFired(generation: 10)
        _ = machine.channelActive(generation: 11)
        _ = machine.infoReceived(ServerInfo(), generation: 11)
        guard case .established(_, _, true, 11) = machine.pongReceived(generation: 11) else {
            Issue.record("expected a reconnect")
            return
        }
    }

    @Test func serversAreDroppedAfterTheirAttemptsAndThenTheClientCloses() throws {
        var machine = try Self.machine(maxAttempts: 1)
        let refused = NATSClientError(.connectionFailed, "refused")
        #expect(machine.start() != .none)
        #expect(machine.connectFailed(generation: 1, error: refused) == .scheduleReconnect(after: .seconds(1), generation: 2))
        #expect(machine.reconnectTimerFired(generation: 2) != .none)
        guard case .closed(let error?, _) = machine.connectFailed(generation: 3, error: refused) else {
            Issue.record("expected closed")
            return
        }
        #expect(error.code == .allServersFailed)
        #expect(error.underlying as? NATSClientError == refused)
        #expect(machine.isClosed)
        // The cause is part of the closed state (run() reads both in one lock).
        #expect(machine.closeError == error)
    }

    @Test func theSameAuthErrorTwiceRemovesTheServer() throws {
        var machine = try Self.machine(maxAttempts: nil)
        _ = machine.start()
        for generation: UInt64 in [1, 3] {
            _ = machine.channelActive(generation: generation)
            _ = machine.infoReceived(ServerInfo(), generation: generation)
            guard case .closeChannel(generation, let reason) = machine.errorReceived("Authorization Violation", generation: generation) else {
                Issue.record("expected close on auth error")
                return
            }
            #expect(reason.code == .authorizationViolation)
            let next = machine.channelClosed(generation: generation, error: nil)
            if generation == 1 {
                guard case .disconnected(_, _, .scheduleReconnect(_, 2)) = next else {
                    Issue.record("expected a retry, got \(next)")
                    return
                }
                _ = machine.reconnectTimerFired(generation: 2)
            } else {
                guard case .disconnected(_, _, .close(let error)) = next else {
                    Issue.record("expected close, got \(next)")
                    return
                }
                #expect(error.code == .allServersFailed)
            }
        }
    }

    @Test func permissionErrorsAreReportedAndKeepTheConnection() throws {
        var machine = try Self.machine()
        _ = machine.start()
        Self.connect(&machine, generation: 1)
        guard case .report(let error) = machine.errorReceived("Permissions Violation for Publish to \"x\"", generation: 1) else {
            Issue.record("expected a report")
            return
        }
        #expect(error.code == .permissionsViolation)
        #expect(machine.isConnected)
    }

    @Test func lameDuckMovesToAnotherServer() throws {
        var machine = try Self.machine()
        _ = machine.start()
        Self.connect(&machine, generation: 1, info: ServerInfo(connectURLs: ["a:4222", "c:4222"]))
        #expect(machine.pool.entries.map(\.address.description) == ["nats://a:4222", "nats://c:4222"])
        #expect(machine.infoReceived(ServerInfo(connectURLs: ["a:4222", "c:4222"], lameDuckMode: true), generation: 1) == .lameDuck(then: .closeChannel(generation: 1)))
        guard case .disconnected(_, _, .connect(let server, 2, _)) = machine.channelClosed(generation: 1, error: nil) else {
            Issue.record("expected a connect to the other server")
            return
        }
        #expect(server.host == "c")
    }

    @Test func eventsOfAnOldSocketAreIgnored() throws {
        var machine = try Self.machine(servers: ["nats://a:4222", "nats://b:4222"])
        _ = machine.start()
        Self.connect(&machine, generation: 1)
        _ = machine.channelClosed(generation: 1, error: nil)
        #expect(machine.pongReceived(generation: 1) == .none)
        #expect(machine.infoReceived(ServerInfo(), generation: 1) == .none)
        #expect(machine.channelClosed(generation: 1, error: nil) == .none)
        #expect(machine.pingTimerFired(generation: 1) == .none)
    }

    @Test func closeEndsEverything() throws {
        var machine = try Self.machine()
        _ = machine.start()
        Self.connect(&machine, generation: 1)
        _ = machine.flushRequested()
        #expect(machine.close() == .closed(nil, failFlushes: 1))
        #expect(machine.close() == .none)
        #expect(machine.channelClosed(generation: 1, error: nil) == .none)
        guard case .closed(let error?, 1) = machine.flushRequested() else {
            Issue.record("expected a closed flush")
            return
        }
        #expect(error.code == .connectionClosed)
    }

    @Test func tlsUpgradeAfterInfoThenConnect() throws {
        var machine = try Self.machine()
        _ = machine.start()
        _ = machine.channelActive(generation: 1)
        #expect(machine.infoReceived(ServerInfo(tlsRequired: true), generation: 1) == .startTLS(host: "a", generation: 1))
        let write = try #require(Self.text(machine.tlsEstablished(generation: 1)))
        #expect(write.contains("\"tls_required\":true"))
        guard case .established = machine.pongReceived(generation: 1) else {
            Issue.record("expected established")
            return
        }
    }

    @Test func tlsRequestedButNotOfferedIsRefused() throws {
        var machine = try Self.machine(servers: ["tls://a:4222"])
        _ = machine.start()
        _ = machine.channelActive(generation: 1)
        guard case .closeChannel(1, let reason) = machine.infoReceived(ServerInfo(), generation: 1) else {
            Issue.record("expected the attempt to be closed")
            return
        }
        #expect(reason.code == .tlsRequired)
    }

    @Test func tlsHandshakeFirstStartsBeforeInfo() throws {
        var machine = try Self.machine { $0.tls = .init(handshakeFirst: true) }
        _ = machine.start()
        #expect(machine.channelActive(generation: 1) == .startTLS(host: "a", generation: 1))
        #expect(machine.tlsEstablished(generation: 1) == .none)
        let write = try #require(Self.text(machine.infoReceived(ServerInfo(tlsRequired: true), generation: 1)))
        #expect(write.hasPrefix("CONNECT"))
        #expect(write.contains("\"tls_required\":true"))
    }

    @Test func tlsNameForServersLearnedFromTheCluster() throws {
        let machine = try Self.machine(servers: ["tls://nats.example.com:4222"])
        let learnedIP = try ServerAddress(parsing: "tls://10.0.0.2:4222", isImplicit: true)
        let learnedName = try ServerAddress(parsing: "tls://b.example.com:4222", isImplicit: true)
        let configuredIP = try ServerAddress(parsing: "tls://10.0.0.9:4222")
        // Servers advertise IPs; the certificate names the host the user configured.
        #expect(machine.tlsName(for: learnedIP) == "nats.example.com")
        #expect(machine.tlsName(for: learnedName) == "b.example.com")
        // An IP the user configured is checked as an IP.
        #expect(machine.tlsName(for: configuredIP) == "10.0.0.9")

        let ipOnly = try Self.machine(servers: ["tls://10.0.0.1:4222"])
        #expect(ipOnly.tlsName(for: learnedIP) == "10.0.0.2")

        let named = try Self.machine(servers: ["tls://10.0.0.1:4222"]) { $0.tls = .init(serverName: "cluster.internal") }
        #expect(named.tlsName(for: learnedIP) == "cluster.internal")
        #expect(named.tlsName(for: configuredIP) == "cluster.internal")
    }
}
