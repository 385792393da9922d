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
