import Foundation
import NATS

/// Operator → account → user, as NKeys and JWTs (header `ed25519-nkey`, claims version 2), for a
/// server in operator mode with a memory resolver (`serverConfig`) and a client with a `.creds`
/// file (`userCreds`: the user JWT and seed).
public struct TrustChain: Sendable {
    /// `operator`, `resolver: MEMORY` and the account preloaded.
    public let serverConfig: String
    /// A `.creds` file's text: the user's JWT and NKey seed.
    public let userCreds: String
    /// The user's JWT and seed alone (what `userCreds` holds).
    public let userJWT: String
    public let userSeed: String

    /// - Parameter jetStream: the account may use JetStream (unlimited storage, streams and
    ///   consumers); without it the account has no JetStream.
    public static func make(jetStream: Bool = false) throws -> TrustChain {
        let operatorKey = try newKey(prefix: 14 << 3)
        let accountKey = try newKey(prefix: 0)
        let userKey = try newKey(prefix: 20 << 3)
        let unlimited = #""subs":-1,"data":-1,"payload":-1"#
        let jetStreamLimits = jetStream ? #","mem_storage":-1,"disk_storage":-1,"streams":-1,"consumer":-1"# : ""
        let operatorJWT = try jwt(
            issuer: operatorKey.pair, subject: operatorKey.pair.publicKey, name: "cim-operator",
            nats: #"{"type":"operator","version":2}"#)
        let accountJWT = try jwt(
            issuer: operatorKey.pair, subject: accountKey.pair.publicKey, name: "cim-account",
            nats: #"{"limits":{"#
                + unlimited + jetStreamLimits
                + #","imports":-1,"exports":-1,"wildcards":true,"conn":-1,"leaf":-1},"default_permissions":{"pub":{},"sub":{}},"type":"account","version":2}"#
        )
        let userJWT = try jwt(
            issuer: accountKey.pair, subject: userKey.pair.publicKey, name: "cim-user",
            nats: #"{"pub":{},"sub":{},"# + unlimited + #","type":"user","version":2}"#)
        // JetStream in operator mode needs a system account (its internal subscriptions live there).
        var system = ""
        var systemPreload = ""
        if jetStream {
            let systemKey = try newKey(prefix: 0)
            let systemJWT = try jwt(
                issuer: operatorKey.pair, subject: systemKey.pair.publicKey, name: "cim-system",
                nats: #"{"limits":{"# + unlimited + #","imports":-1,"exports":-1,"wildcards":true,"conn":-1,"leaf":-1},"type":"account","version":2}"#)
            system = "system_account: \(systemKey.pair.publicKey)\n"
            systemPreload = "\n  \(systemKey.pair.publicKey): \"\(systemJWT)\""
        }
        let config = """
            operator: "\(operatorJWT)"
            \(system)resolver: MEMORY
            resolver_preload: {
              \(accountKey.pair.publicKey): "\(accountJWT)"\(systemPreload)
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
        return TrustChain(serverConfig: config, userCreds: creds, userJWT: userJWT, userSeed: userKey.seed)
    }

    /// A fresh key of the type whose public prefix byte is `prefix` (user: `20 << 3`), and its seed.
    public static func newKey(prefix: UInt8) throws -> (seed: String, pair: NKeyPair) {
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
