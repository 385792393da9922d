import Wire

/// Authentication with its keys decoded once, ready to fill CONNECT for each server.
enum ResolvedAuthentication: Sendable {
    case none
    case userPassword(user: String, password: String)
    case token(String)
    case nkey(NKeyPair)
    case credentials(NATSCredentials)

    /// - Throws: `NATSClientError(.invalidConfiguration)` when a seed does not decode.
    init(_ authentication: NATSClientConfiguration.Authentication) throws(NATSClientError) {
        switch authentication {
        case .none: self = .none
        case .userPassword(let user, let password): self = .userPassword(user: user, password: password)
        case .token(let token): self = .token(token)
        case .nkey(let seed):
            do {
                self = .nkey(try NKeyPair(seed: seed))
            } catch {
                throw NATSClientError(.invalidConfiguration, "the NKey seed is invalid", underlying: error)
            }
        case .credentials(let credentials): self = .credentials(credentials)
        }
    }

    /// Fills the authentication fields of CONNECT. Credentials in the server's URL win over the
    /// configured ones, as in the reference clients.
    /// - Throws: `NATSClientError(.authorizationViolation)` when the nonce cannot be signed.
    func apply(to options: inout ConnectOptions, server: ServerAddress, nonce: String?) throws(NATSClientError) {
        options.user = nil
        options.pass = nil
        options.authToken = nil
        options.jwt = nil
        options.nkey = nil
        options.signature = nil
        if let user = server.user {
            options.user = user
            options.pass = server.password
            return
        }
        if let token = server.token {
            options.authToken = token
            return
        }
        switch self {
        case .none:
            break
        case .userPassword(let user, let password):
            options.user = user
            options.pass = password
        case .token(let token):
            options.authToken = token
        case .nkey(let pair):
            options.nkey = pair.publicKey
            options.signature = try Self.sign(nonce, with: pair)
        case .credentials(let credentials):
            options.jwt = credentials.jwt
            options.signature = try Self.sign(nonce, with: credentials.keyPair)
        }
    }

    private static func sign(_ nonce: String?, with pair: NKeyPair) throws(NATSClientError) -> String? {
        guard let nonce else { return nil }
        do {
            return try pair.signNonce(nonce)
        } catch {
            throw NATSClientError(.authorizationViolation, "could not sign the server's nonce", underlying: error)
        }
    }
}
