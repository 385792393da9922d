import Foundation
import Wire

extension NATSClientConfiguration {
    /// The environment variables the client reads (names follow the services' deployment guides).
    public enum EnvironmentKey {
        public static let url = "NATS_URL"
        public static let user = "NATS_USER"
        public static let password = "NATS_PASSWORD"
        public static let token = "NATS_TOKEN"
        public static let credentialsFile = "NATS_CREDS_FILE"
        public static let nkeySeedFile = "NATS_NKEY_SEED_FILE"
        public static let tlsCA = "NATS_TLS_CA"
        public static let tlsCertificate = "NATS_TLS_CERT"
        public static let tlsKey = "NATS_TLS_KEY"
        /// The name to verify server certificates against (and to send as SNI).
        public static let tlsServerName = "NATS_TLS_SERVER_NAME"
        /// The prefix of the client's reply inboxes (default `_INBOX`): a private prefix lets an
        /// account's permissions give each client only its own replies.
        public static let inboxPrefix = "NATS_INBOX_PREFIX"
    }

    /// A configuration from environment variables: `NATS_URL` (a comma-separated list; default
    /// `nats://localhost:4222`), and at most one of `NATS_USER` + `NATS_PASSWORD`, `NATS_TOKEN`,
    /// `NATS_CREDS_FILE` or `NATS_NKEY_SEED_FILE`; TLS files from `NATS_TLS_CA`, `NATS_TLS_CERT`,
    /// `NATS_TLS_KEY`. Empty values count as unset.
    /// - Throws: `NATSClientError(.invalidConfiguration)` with a sentence naming the variable.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> NATSClientConfiguration {
        func value(_ key: String) -> String? {
            guard let text = environment[key]?.trimmingBlanks, !text.isEmpty else { return nil }
            return text
        }
        var configuration: NATSClientConfiguration
        do {
            configuration = try NATSClientConfiguration(url: value(EnvironmentKey.url) ?? "nats://localhost:4222")
        } catch let error as NATSClientError {
            throw NATSClientError(.invalidConfiguration, "\(EnvironmentKey.url) is invalid: \(error.detail)")
        }

        let user = value(EnvironmentKey.user)
        let password = value(EnvironmentKey.password)
        let token = value(EnvironmentKey.token)
        let credentialsFile = value(EnvironmentKey.credentialsFile)
        let seedFile = value(EnvironmentKey.nkeySeedFile)
        let methods = [user != nil || password != nil, token != nil, credentialsFile != nil, seedFile != nil].filter { $0 }.count
        guard methods <= 1 else {
            throw NATSClientError(
                .invalidConfiguration,
                "set only one of NATS_USER/NATS_PASSWORD, NATS_TOKEN, NATS_CREDS_FILE and NATS_NKEY_SEED_FILE"
            )
        }
        if user != nil || password != nil {
            guard let user, let password else {
                throw NATSClientError(.invalidConfiguration, "NATS_USER and NATS_PASSWORD must be set together")
            }
            configuration.authentication = .userPassword(user: user, password: password)
        } else if let token {
            configuration.authentication = .token(token)
        } else if let credentialsFile {
            do {
                configuration.authentication = .credentials(try NATSCredentials(contentsOfFile: credentialsFile))
            } catch {
                throw NATSClientError(.invalidConfiguration, "NATS_CREDS_FILE \(credentialsFile) cannot be used", underlying: error)
            }
        } else if let seedFile {
            let seed: String
            do {
                seed = try String(contentsOfFile: seedFile, encoding: .utf8).trimmingBlanks
            } catch {
                throw NATSClientError(.invalidConfiguration, "NATS_NKEY_SEED_FILE \(seedFile) cannot be read")
            }
            do {
                _ = try NKeyPair(seed: seed)
            } catch {
                throw NATSClientError(.invalidConfiguration, "NATS_NKEY_SEED_FILE \(seedFile) does not hold a valid NKey seed")
            }
            configuration.authentication = .nkey(seed: seed)
        }

        let ca = value(EnvironmentKey.tlsCA)
        let certificate = value(EnvironmentKey.tlsCertificate)
        let key = value(EnvironmentKey.tlsKey)
        let serverName = value(EnvironmentKey.tlsServerName)
        if ca != nil || certificate != nil || key != nil || serverName != nil {
            guard (certificate == nil) == (key == nil) else {
                throw NATSClientError(.invalidConfiguration, "NATS_TLS_CERT and NATS_TLS_KEY must be set together")
            }
            for path in [ca, certificate, key].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: path) {
                throw NATSClientError(.invalidConfiguration, "TLS file \(path) cannot be read")
            }
            configuration.tls = TLS(caFile: ca, certificateFile: certificate, keyFile: key, serverName: serverName)
        }
        if let prefix = value(EnvironmentKey.inboxPrefix) {
            do {
                try Subject.validatePublish(prefix)
            } catch {
                throw NATSClientError(.invalidConfiguration, "\(EnvironmentKey.inboxPrefix) must be a subject without wildcards, not \"\(prefix)\"")
            }
            configuration.inboxPrefix = prefix
        }
        return configuration
    }
}
