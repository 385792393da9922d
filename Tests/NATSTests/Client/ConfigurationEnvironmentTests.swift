import Foundation
import Testing

@testable import NATS

@Suite struct ConfigurationEnvironmentTests {
    @Test func defaultsToLocalhost() throws {
        let configuration = try NATSClientConfiguration.fromEnvironment([:])
        #expect(configuration.servers.map(\.description) == ["nats://localhost:4222"])
        #expect(configuration.authentication.description == "none")
    }

    @Test func readsURLListAndUserPassword() throws {
        let configuration = try NATSClientConfiguration.fromEnvironment([
            "NATS_URL": "nats://a:4222, nats://b:4223", "NATS_USER": "svc", "NATS_PASSWORD": "pw",
        ])
        #expect(configuration.servers.map(\.description) == ["nats://a:4222", "nats://b:4223"])
        guard case .userPassword("svc", "pw") = configuration.authentication else {
            Issue.record("expected user/password")
            return
        }
    }

    @Test func readsTokenAndSeedFile() throws {
        guard case .token("t0k") = try NATSClientConfiguration.fromEnvironment(["NATS_TOKEN": "t0k"]).authentication else {
            Issue.record("expected token")
            return
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString)").path
        try "SUAOTBNEUHZDFJT3EUMELT7MQTP24JF3XVCXQNDSCU74G5IU6VAJBKH5LI\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard case .nkey = try NATSClientConfiguration.fromEnvironment(["NATS_NKEY_SEED_FILE": path]).authentication else {
            Issue.record("expected nkey")
            return
        }
    }

    @Test func configurationErrorsAreSentences() {
        let cases: [([String: String], String)] = [
            (["NATS_URL": "http://x"], "NATS_URL is invalid"),
            (["NATS_USER": "u"], "must be set together"),
            (["NATS_TOKEN": "t", "NATS_USER": "u", "NATS_PASSWORD": "p"], "set only one of"),
            (["NATS_CREDS_FILE": "/nonexistent/user.creds"], "NATS_CREDS_FILE /nonexistent/user.creds cannot be used"),
            (["NATS_NKEY_SEED_FILE": "/nonexistent/seed"], "cannot be read"),
            (["NATS_TLS_CERT": "/nonexistent/cert.pem"], "must be set together"),
        ]
        for (environment, expected) in cases {
            do {
                _ = try NATSClientConfiguration.fromEnvironment(environment)
                Issue.record("expected an error for \(environment)")
            } catch let error as NATSClientError {
                #expect(error.code == .invalidConfiguration)
                #expect(error.detail.contains(expected), "\(error.detail)")
                #expect(!error.description.contains("pw"))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
