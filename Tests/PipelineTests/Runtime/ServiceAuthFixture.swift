import Foundation
import NATS
import TestSupport

/// One way a deployment authenticates a service to NATS, end to end: the server's configuration,
/// the service's environment as a user writes it (README: `NATS_TOKEN`, `NATS_USER`/`NATS_PASSWORD`,
/// `NATS_NKEY_SEED_FILE`, `NATS_CREDS_FILE`, `NATS_TLS_*`), a requester with credentials of its
/// own, the secrets that must never reach the log, and the same service with wrong credentials.
/// Where the server names the service's user (user and password, NKey), the user may use only
/// the service's own subjects (`ServiceUnderTest.permissions`).
struct ServiceAuthFixture: Sendable {
    enum Mode: String, CaseIterable, Sendable, CustomStringConvertible {
        case token, userPassword = "user-password", nkey, credentials = "creds-operator-mode", tlsClientCertificate = "tls-client-certificate"
        var description: String { rawValue }
    }

    var mode: Mode
    var server: NATSServer.Options
    var environment: [String: String]
    var requester: @Sendable (inout NATSClientConfiguration) -> Void
    /// Texts no line of the service's output may contain.
    var secrets: [String]
    /// The service's environment with credentials the server refuses.
    var wrongEnvironment: [String: String]
    /// The secrets of the wrong credentials (not to be logged either).
    var wrongSecrets: [String]
    /// What the service's last words must say when the server refuses it.
    var refusal: String
    /// Files made for the fixture (removed by `cleanUp`).
    var directory: String

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func make(_ mode: Mode, _ service: ServiceUnderTest) async throws -> ServiceAuthFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cim-auth-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func file(_ name: String, _ contents: String) throws -> String {
            let path = directory + "/" + name
            try contents.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        switch mode {
        case .token:
            let token = secret("token")
            let wrong = secret("wrong-token")
            return ServiceAuthFixture(
                mode: mode, server: .init(extraConfig: "authorization { token: \(NATSServer.quoted(token)) }"),
                environment: ["NATS_TOKEN": token], requester: { $0.authentication = .token(token) }, secrets: [token],
                wrongEnvironment: ["NATS_TOKEN": wrong], wrongSecrets: [wrong], refusal: "Authorization Violation", directory: directory)
        case .userPassword:
            let password = secret("password")
            let clientPassword = secret("client-password")
            let wrong = secret("wrong-password")
            let users = """
                authorization { users: [
                  { user: \(NATSServer.quoted(service.name)), password: \(NATSServer.quoted(password)), permissions: \(service.permissions) }
                  { user: "client", password: \(NATSServer.quoted(clientPassword)) }
                ] }
                """
            return ServiceAuthFixture(
                mode: mode, server: .init(extraConfig: users),
                environment: ["NATS_USER": service.name, "NATS_PASSWORD": password],
                requester: { $0.authentication = .userPassword(user: "client", password: clientPassword) }, secrets: [password],
                wrongEnvironment: ["NATS_USER": service.name, "NATS_PASSWORD": wrong], wrongSecrets: [wrong], refusal: "Authorization Violation",
                directory: directory)
        case .nkey:
            let key = try TrustChain.newKey(prefix: 20 << 3)
            let client = try TrustChain.newKey(prefix: 20 << 3)
            let stranger = try TrustChain.newKey(prefix: 20 << 3)
            let users = "authorization { users: [ { nkey: \(key.pair.publicKey), permissions: \(service.permissions) }, { nkey: \(client.pair.publicKey) } ] }"
            return ServiceAuthFixture(
                mode: mode, server: .init(extraConfig: users),
                environment: ["NATS_NKEY_SEED_FILE": try file("\(service.name).nk", key.seed + "\n")],
                requester: { $0.authentication = .nkey(seed: client.seed) }, secrets: [key.seed],
                wrongEnvironment: ["NATS_NKEY_SEED_FILE": try file("stranger.nk", stranger.seed + "\n")], wrongSecrets: [stranger.seed],
                refusal: "Authorization Violation", directory: directory)
        case .credentials:
            let trust = try TrustChain.make(jetStream: true)
            // Signed by another operator's account: the server knows neither.
            let stranger = try TrustChain.make(jetStream: true)
            let credentials = try NATSCredentials(contents: trust.userCreds)
            return ServiceAuthFixture(
                mode: mode, server: .init(extraConfig: trust.serverConfig),
                environment: ["NATS_CREDS_FILE": try file("\(service.name).creds", trust.userCreds)],
                requester: { $0.authentication = .credentials(credentials) }, secrets: [trust.userJWT, trust.userSeed],
                wrongEnvironment: ["NATS_CREDS_FILE": try file("stranger.creds", stranger.userCreds)], wrongSecrets: [stranger.userJWT, stranger.userSeed],
                refusal: "Authorization Violation", directory: directory)
        case .tlsClientCertificate:
            let certificates = try await TestCertificates.make()
            // A client certificate from another CA: the server cannot verify it.
            let strangers = try await TestCertificates.make()
            let environment = ["NATS_TLS_CA": certificates.ca, "NATS_TLS_CERT": certificates.clientCertificate, "NATS_TLS_KEY": certificates.clientKey]
            return ServiceAuthFixture(
                mode: mode, server: .init(extraConfig: certificates.serverTLSBlock(verify: true)), environment: environment,
                requester: { $0.tls = .init(caFile: certificates.ca, certificateFile: certificates.clientCertificate, keyFile: certificates.clientKey) },
                secrets: try privateKeyLines(certificates.clientKey),
                wrongEnvironment: ["NATS_TLS_CA": certificates.ca, "NATS_TLS_CERT": strangers.clientCertificate, "NATS_TLS_KEY": strangers.clientKey],
                wrongSecrets: try privateKeyLines(strangers.clientKey), refusal: "TLS", directory: directory)
        }
    }

    /// A random secret, recognisable in a log.
    static func secret(_ label: String) -> String {
        "\(label)-\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
    }

    /// The base64 lines of a PEM private key (each is a piece of the secret).
    static func privateKeyLines(_ path: String) throws -> [String] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        return lines.filter { !$0.hasPrefix("-----") && $0.count >= 16 }
    }
}

extension ServiceProcess {
    /// Starts the service `name` and waits until it serves; its output is in the error if it does not.
    static func serving(_ server: NATSServer, _ environment: [String: String], name: String) async throws -> ServiceProcess {
        let service = try ServiceProcess(url: server.url, environment: environment, name: name)
        do {
            try await service.waitForLine(containing: "serving")
        } catch {
            service.cleanUp()
            throw RuntimeTestError("\(name) did not start (\(error)):\n\(service.log)")
        }
        return service
    }

    /// The lines of its output containing `text`.
    func lines(containing text: String) -> [String] {
        log.split(separator: "\n").filter { $0.contains(text) }.map(String.init)
    }
}
