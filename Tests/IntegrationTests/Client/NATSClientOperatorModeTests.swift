import Foundation
import NIOCore
import NATS
import TestSupport
import Testing
import Wire

/// Decentralized auth end to end: an operator, an account and a user, their JWTs signed with
/// NKeys made here, the server in operator mode with a memory resolver, and the client connecting
/// with a `.creds` file (user JWT + seed; the server's nonce signed).
@Suite struct NATSClientOperatorModeTests {
    @Test func credsFileConnectsInOperatorMode() async throws {
        let trust = try TrustChain.make()
        try await NATSServer.withServer(.init(jetStream: false, extraConfig: trust.serverConfig)) { server in
            let credentials = try NATSCredentials(contents: trust.userCreds)
            try await withClient(server, { $0.authentication = .credentials(credentials) }) { client in
                #expect(client.isConnected)
                let subscription = try await client.subscribe(to: "decentralized")
                try await client.publish(ByteBuffer(string: "signed in"), to: "decentralized")
                var iterator = subscription.makeAsyncIterator()
                #expect(try await iterator.next()?.payload.text == "signed in")
            }
        }
    }

    @Test func aUserSignedByAnotherAccountIsRefused() async throws {
        let trust = try TrustChain.make()
        let stranger = try TrustChain.make()
        try await NATSServer.withServer(.init(jetStream: false, extraConfig: trust.serverConfig)) { server in
            let credentials = try NATSCredentials(contents: stranger.userCreds)
            let configuration = try testConfiguration(server) {
                $0.authentication = .credentials(credentials)
                $0.maxReconnectAttempts = 0
            }
            let client = try NATSClient(configuration: configuration)
            let error = await #expect(throws: NATSClientError.self) { try await client.run() }
            #expect(error?.code == .allServersFailed)
            // The last attempt's error, typed: the server's own words.
            let cause = error?.underlying as? NATSClientError
            #expect(cause?.code == .authorizationViolation)
            #expect(cause?.serverMessage?.contains("Authorization Violation") == true)
        }
    }
}

/// Operator → account → user, as NKeys and JWTs (header `ed25519-nkey`, claims version 2).
struct TrustChain {
    let serverConfig: String
    let userCreds: String

    static func make() throws -> TrustChain {
        let operatorKey = try newKey(prefix: 14 << 3)
        let accountKey = try newKey(prefix: 0)
        let userKey = try newKey(prefix: 20 << 3)
        let unlimited = #""subs":-1,"data":-1,"payload":-1"#
        let operatorJWT = try jwt(
            issuer: operatorKey.pair, subject: operatorKey.pair.publicKey, name: "cim-operator",
            nats: #"{"type":"operator","version":2}"#)
        let accountJWT = try jwt(
            issuer: operatorKey.pair, subject: accountKey.pair.publicKey, name: "cim-account",
            nats: #"{"limits":{"#
                + unlimited
                + #","imports":-1,"exports":-1,"wildcards":true,"conn":-1,"leaf":-1},"default_permissions":{"pub":{},"sub":{}},"type":"account","version":2}"#
        )
        let userJWT = try jwt(
            issuer: accountKey.pair, subject: userKey.pair.publicKey, name: "cim-user",
            nats: #"{"pub":{},"sub":{},"# + unlimited + #","type":"user","version":2}"#)
        let config = """
            operator: "\(operatorJWT)"
            resolver: MEMORY
            resolver_preload: {
              \(accountKey.pair.publicKey): "\(accountJWT)"
            }
            """
        let creds = """
            -----BEGIN NATS USER JWT-----
            \(userJWT)
            ------END NATS USER JWT------

            ************************* IMPORTANT *************************
            NKEY Seed printed below can be used to sign and prove identity.

            -----BEGIN USER NKEY SEED-----
            \(userKey.seed)
            ------END USER NKEY SEED------
            """
        return TrustChain(serverConfig: config, userCreds: creds)
    }

    /// A fresh key of the type whose public prefix byte is `prefix`.
    static func newKey(prefix: UInt8) throws -> (seed: String, pair: NKeyPair) {
        var random = SystemRandomNumberGenerator()
        let raw = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        let seedPrefix: UInt8 = 18 << 3
        let payload = [seedPrefix | (prefix >> 5), (prefix & 31) << 3] + raw
        let seed = NKeyEncoding.encode(payload)
        return (seed, try NKeyPair(seed: seed))
    }

    static func jwt(issuer: NKeyPair, subject: String, name: String, nats: String) throws -> String {
        let header = Base64URL.encode(Array(#"{"typ":"JWT","alg":"ed25519-nkey"}"#.utf8))
        let id = Base32.encode((0..<20).map { _ in UInt8.random(in: 0...255) })
        let now = Int(Date().timeIntervalSince1970) - 60
        let claims = #"{"jti":"\#(id)","iat":\#(now),"iss":"\#(issuer.publicKey)","name":"\#(name)","sub":"\#(subject)","nats":\#(nats)}"#
        let body = Base64URL.encode(Array(claims.utf8))
        let signature = try issuer.sign(Array("\(header).\(body)".utf8))
        return "\(header).\(body).\(Base64URL.encode(signature))"
    }
}
