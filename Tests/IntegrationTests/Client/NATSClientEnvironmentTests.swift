import Foundation
import NIOCore
import NIOSSL
import NATS
import TestSupport
import Testing
import Wire

/// `NATSClientConfiguration.fromEnvironment` end to end: the variables a deployment sets, read
/// into a configuration, and that configuration accepted by a real server configured to need them.
@Suite struct NATSClientEnvironmentTests {
    /// `NATS_CREDS_FILE`: a `.creds` file (user JWT + seed) against a server in operator mode,
    /// which admits no client without a user signed by its account.
    @Test func credentialsFileFromTheEnvironment() async throws {
        let trust = try TrustChain.make()
        let path = try temporaryFile("user.creds", trust.userCreds)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await NATSServer.withServer(.init(jetStream: false, extraConfig: trust.serverConfig)) { server in
            let configuration = try environmentConfiguration([
                "NATS_URL": server.url,
                "NATS_CREDS_FILE": path,
            ])
            guard case .credentials = configuration.authentication else {
                Issue.record("NATS_CREDS_FILE did not give credentials: \(configuration.authentication)")
                return
            }
            try await withClient(configuration: configuration) { client in
                #expect(client.serverInfo?.authRequired == true)
                try await expectRoundTrip(client, subject: "env.creds")
            }
        }
    }

    /// `NATS_TLS_CA`, `NATS_TLS_CERT`, `NATS_TLS_KEY` and `NATS_TLS_SERVER_NAME`: a server that
    /// verifies client certificates (`verify: true`) and whose own certificate names only
    /// `nats.test`, reached at 127.0.0.1. The client certificate gets the client in; the server
    /// name is what lets the client accept the server (without it the same variables are refused).
    @Test func tlsFilesAndServerNameFromTheEnvironment() async throws {
        let certificates = try await TestCertificates.make(serverNames: "DNS:nats.test")
        try await NATSServer.withServer(.init(extraConfig: certificates.serverTLSBlock(verify: true))) { server in
            var environment = [
                "NATS_URL": server.url,
                "NATS_TLS_CA": certificates.ca,
                "NATS_TLS_CERT": certificates.clientCertificate,
                "NATS_TLS_KEY": certificates.clientKey,
                "NATS_TLS_SERVER_NAME": "nats.test",
            ]
            let configuration = try environmentConfiguration(environment)
            #expect(
                configuration.tls == .init(
                    caFile: certificates.ca, certificateFile: certificates.clientCertificate,
                    keyFile: certificates.clientKey, serverName: "nats.test"
                )
            )
            try await withClient(configuration: configuration) { client in
                #expect(client.serverInfo?.tlsRequired == true)
                #expect(client.serverInfo?.tlsVerify == true)
                try await expectRoundTrip(client, subject: "env.tls")
            }

            environment["NATS_TLS_SERVER_NAME"] = nil
            var withoutName = try environmentConfiguration(environment)
            withoutName.maxReconnectAttempts = 0
            let client = try NATSClient(configuration: withoutName)
            let error = await #expect(throws: NATSClientError.self) { try await client.run() }
            let cause = refusalCause(error)
            #expect(cause as? NIOSSLExtraError == .failedToValidateHostname, "\(String(describing: cause))")
        }
    }

    /// A configuration read from `environment`, with the short timeouts of the other tests.
    private func environmentConfiguration(_ environment: [String: String]) throws -> NATSClientConfiguration {
        var configuration = try NATSClientConfiguration.fromEnvironment(environment)
        configuration.connectTimeout = .seconds(2)
        configuration.reconnectWait = .milliseconds(100)
        configuration.reconnectJitter = .milliseconds(20)
        configuration.maxReconnectWait = .milliseconds(500)
        configuration.drainTimeout = .seconds(5)
        return configuration
    }

    private func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cim-env-\(UUID().uuidString)-\(name)").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
