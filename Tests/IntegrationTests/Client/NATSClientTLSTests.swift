import Foundation
import NIOCore
import NIOSSL
import NATS
import TestSupport
import Testing
import Wire

@Suite struct NATSClientTLSTests {
    @Test func tlsWithTheTestCA() async throws {
        let certificates = try await TestCertificates.make()
        try await NATSServer.withServer(.init(extraConfig: certificates.serverTLSBlock())) { server in
            try await withClient(server, { $0.tls = .init(caFile: certificates.ca) }) { client in
                #expect(client.serverInfo?.tlsRequired == true)
                let subscription = try await client.subscribe(to: "secure.>")
                try await client.publish(ByteBuffer(string: "sealed"), to: "secure.one")
                var iterator = subscription.makeAsyncIterator()
                #expect(try await iterator.next()?.payload.text == "sealed")
            }
        }
    }

    @Test func anUntrustedServerCertificateFailsClearly() async throws {
        let certificates = try await TestCertificates.make()
        try await NATSServer.withServer(.init(extraConfig: certificates.serverTLSBlock())) { server in
            // No CA configured: the system roots do not know the test CA.
            let configuration = try testConfiguration(server) { $0.maxReconnectAttempts = 0 }
            let client = try NATSClient(configuration: configuration)
            let error = await #expect(throws: NATSClientError.self) { try await client.run() }
            #expect(error?.code == .allServersFailed)
            // The cause, typed: BoringSSL could not verify the server's certificate chain.
            let cause = refusalCause(error)
            #expect(isCertificateVerificationFailure(cause), "\(String(describing: cause))")
        }
    }

    @Test func clientCertificateWhenTheServerVerifies() async throws {
        let certificates = try await TestCertificates.make()
        try await NATSServer.withServer(.init(extraConfig: certificates.serverTLSBlock(verify: true))) { server in
            try await withClient(server, {
                $0.tls = .init(caFile: certificates.ca, certificateFile: certificates.clientCertificate, keyFile: certificates.clientKey)
            }) { client in
                try await client.flush()
            }
            let withoutCertificate = try testConfiguration(server) {
                $0.tls = .init(caFile: certificates.ca)
                $0.maxReconnectAttempts = 0
            }
            let client = try NATSClient(configuration: withoutCertificate)
            let error = await #expect(throws: NATSClientError.self) { try await client.run() }
            #expect(error?.code == .allServersFailed)
            // The server refused the connection for want of a client certificate: its TLS alert,
            // as BoringSSL reports it.
            let cause = refusalCause(error)
            #expect(isTLSAlert(cause, "TLSV1_ALERT_CERTIFICATE_REQUIRED"), "\(String(describing: cause))")
        }
    }

    /// A server that offers TLS without requiring it (`allow_non_tls`): a client configured for TLS
    /// upgrades its connection, and the server reports that connection as TLS, while a client
    /// without TLS settings stays in plaintext on the same port.
    @Test func aClientConfiguredForTLSUpgradesWhenTheServerOnlyOffersIt() async throws {
        let certificates = try await TestCertificates.make()
        let options = NATSServer.Options(monitoring: true, extraConfig: certificates.serverTLSBlock() + "\nallow_non_tls: true")
        try await NATSServer.withServer(options) { server in
            try await withClient(server, {
                $0.name = "tls-by-choice"
                $0.tls = .init(caFile: certificates.ca)
            }) { client in
                #expect(client.serverInfo?.tlsRequired == false)
                #expect(client.serverInfo?.tlsAvailable == true)
                try await withClient(server, { $0.name = "plaintext" }) { plain in
                    try await plain.flush()
                    let connections = try await serverConnections(server)
                    let tls = connections.first { $0["name"] as? String == "tls-by-choice" }
                    let plaintext = connections.first { $0["name"] as? String == "plaintext" }
                    #expect(tls != nil && plaintext != nil, "\(connections)")
                    let version = tls?["tls_version"] as? String
                    #expect(version?.isEmpty == false, "the server reports no TLS on the TLS client: \(String(describing: tls))")
                    #expect(plaintext?["tls_version"] == nil, "\(String(describing: plaintext))")
                }
                try await expectRoundTrip(client)
            }
        }
    }

    /// A certificate that names only `nats.test`, a server reached at 127.0.0.1: with
    /// `tls.serverName` the client verifies the certificate against that name and connects;
    /// without it, the certificate does not match the address and the client refuses it.
    @Test func serverNameVerifiesACertificateThatDoesNotNameTheAddress() async throws {
        let certificates = try await TestCertificates.make(serverNames: "DNS:nats.test")
        try await NATSServer.withServer(.init(extraConfig: certificates.serverTLSBlock())) { server in
            try await withClient(server, { $0.tls = .init(caFile: certificates.ca, serverName: "nats.test") }) { client in
                #expect(client.serverInfo?.tlsRequired == true)
                try await expectRoundTrip(client)
            }
            let withoutName = try testConfiguration(server) {
                $0.tls = .init(caFile: certificates.ca)
                $0.maxReconnectAttempts = 0
            }
            let client = try NATSClient(configuration: withoutName)
            let error = await #expect(throws: NATSClientError.self) { try await client.run() }
            #expect(error?.code == .allServersFailed)
            // The chain is trusted; the name is what fails.
            let cause = refusalCause(error)
            #expect(cause as? NIOSSLExtraError == .failedToValidateHostname, "\(String(describing: cause))")
        }
    }

    /// The server in handshake-first mode with a fallback (plaintext INFO after 1 s for other
    /// clients, so the fixture's readiness probe still works); this client starts TLS before any byte.
    /// TLS-first needs nats-server 2.10.4 or later (Debian's 2.9.10 rejects the option).
    @Test(.enabled(if: serverVersionAtLeast(2, 10, 4), "nats-server 2.10.4+ for TLS handshake-first"))
    func handshakeFirst() async throws {
        let certificates = try await TestCertificates.make()
        try await NATSServer.withServer(.init(extraConfig: certificates.serverTLSBlock(handshakeFirst: true))) { server in
            try await withClient(server, { $0.tls = .init(caFile: certificates.ca, handshakeFirst: true) }) { client in
                try await client.flush()
                #expect(client.serverInfo?.tlsRequired == true)
            }
        }
    }

    /// Cluster members advertise IPs in `connect_urls`, while the certificate names only the host
    /// the client was configured with: after fail-over to a learned IP, the client verifies the
    /// certificate against the configured hostname (and sends it as SNI).
    @Test func failOverToALearnedIPVerifiesTheConfiguredHostname() async throws {
        let certificates = try await TestCertificates.make(serverNames: "DNS:localhost")
        let routes = try (0..<2).map { _ in try FreePort.next() }
        func options(_ index: Int) -> NATSServer.Options {
            clusterMember(index, routes: routes, cluster: "cim-tls", extraConfig: certificates.serverTLSBlock())
        }
        try await NATSServer.withServer(options(0)) { first in
            try await NATSServer.withServer(options(1)) { second in
                try await withClient(first, {
                    $0.servers = [ServerAddress(scheme: .tls, host: "localhost", port: first.port)]
                    $0.tls = .init(caFile: certificates.ca)
                }) { client in
                    try await eventually("connect_urls lists both servers") { (client.serverInfo?.connectURLs.count ?? 0) >= 2 }
                    let reconnectedTo = await killAndAwaitReconnect(first, client)
                    #expect(reconnectedTo == "tls://127.0.0.1:\(second.port)")
                    try await client.flush()
                }
            }
        }
    }

    @Test func unreadableTLSFilesAreAConfigurationError() throws {
        var configuration = try NATSClientConfiguration(url: "nats://127.0.0.1:4222")
        configuration.tls = .init(caFile: "/nonexistent/ca.pem")
        #expect(throws: NATSClientError.self) { _ = try NATSClient(configuration: configuration) }
    }
}

/// What refused a connection: a closed client's `.allServersFailed` holds the last attempt's
/// `NATSClientError`, whose `underlying` is the socket or TLS error itself.
func refusalCause(_ error: NATSClientError?) -> (any Error)? {
    guard let error, error.code == .allServersFailed, let attempt = error.underlying as? NATSClientError else { return nil }
    return attempt.underlying
}

/// A handshake that failed because the peer's certificate chain could not be verified.
func isCertificateVerificationFailure(_ error: (any Error)?) -> Bool {
    guard case .handshakeFailed(.sslError(let stack))? = error as? NIOSSLError else { return false }
    return stack.contains { "\($0)".contains("CERTIFICATE_VERIFY_FAILED") }
}

/// The peer's TLS alert `alert` (BoringSSL's reason, e.g. `TLSV1_ALERT_CERTIFICATE_REQUIRED`),
/// received during the handshake or on the first read after it (TLS 1.3 servers check the
/// client's certificate after the client has finished its side of the handshake).
func isTLSAlert(_ error: (any Error)?, _ alert: String) -> Bool {
    let stack: NIOBoringSSLErrorStack
    if case .handshakeFailed(.sslError(let errors))? = error as? NIOSSLError {
        stack = errors
    } else if case .sslError(let errors)? = error as? BoringSSLError {
        stack = errors
    } else {
        return false
    }
    return stack.contains { "\($0)".contains(":\(alert) ") }
}

/// True when the nats-server the fixture will run is at least the given version.
func serverVersionAtLeast(_ major: Int, _ minor: Int, _ patch: Int) -> Bool {
    guard let executable = try? NATSServer.locateExecutable(nil), let version = try? NATSServer.version(of: executable) else {
        return true  // the fixture reports a missing binary itself
    }
    return version >= NATSServerVersion(major, minor, patch)
}
