import NIOCore
import NATS
import TestSupport
import Testing
import Wire

@Suite struct NATSClientAuthTests {
    @Test func tokenAuth() async throws {
        try await NATSServer.withServer(.init(extraConfig: "authorization { token: \"s3cret\" }")) { server in
            try await withClient(server, { $0.authentication = .token("s3cret") }) { client in
                try await client.flush()
                #expect(client.serverInfo?.authRequired == true)
            }
        }
    }

    @Test func tokenInURL() async throws {
        try await NATSServer.withServer(.init(extraConfig: "authorization { token: \"s3cret\" }")) { server in
            let configuration = try testConfiguration(server) { $0.servers = [try! ServerAddress(parsing: "nats://s3cret@127.0.0.1:\(server.port)")] }
            try await NATSClient.withConnection(configuration: configuration) { client in try await client.flush() }
        }
    }

    @Test func userPasswordAuth() async throws {
        let config = "authorization { users: [ { user: \"ada\", password: \"l0velace\" } ] }"
        try await NATSServer.withServer(.init(extraConfig: config)) { server in
            try await withClient(server, { $0.authentication = .userPassword(user: "ada", password: "l0velace") }) { client in
                try await client.flush()
            }
            let url = try testConfiguration(server) { $0.servers = [try! ServerAddress(parsing: "nats://ada:l0velace@127.0.0.1:\(server.port)")] }
            try await NATSClient.withConnection(configuration: url) { client in try await client.flush() }
        }
    }

    @Test func nkeyAuth() async throws {
        let seed = "SUAOTBNEUHZDFJT3EUMELT7MQTP24JF3XVCXQNDSCU74G5IU6VAJBKH5LI"
        let publicKey = "UDE6WTGLTTPCRJRJCKBJRGVNZTLIVR7LEEELR4CYWWWBKJS7XYIKXDUU"
        try await NATSServer.withServer(.init(extraConfig: "authorization { users: [ { nkey: \(publicKey) } ] }")) { server in
            try await withClient(server, { $0.authentication = .nkey(seed: seed) }) { client in
                try await client.flush()
                #expect(client.isConnected)
            }
        }
    }

    @Test func wrongPasswordFailsWithAuthorizationViolation() async throws {
        let config = "authorization { users: [ { user: \"ada\", password: \"l0velace\" } ] }"
        try await NATSServer.withServer(.init(extraConfig: config)) { server in
            let configuration = try testConfiguration(server) { $0.authentication = .userPassword(user: "ada", password: "wrong") }
            let client = try NATSClient(configuration: configuration)
            let error = await #expect(throws: NATSClientError.self) { try await client.run() }
            #expect(error?.code == .allServersFailed)
            // The last attempt's error, typed: the server's own words.
            let cause = error?.underlying as? NATSClientError
            #expect(cause?.code == .authorizationViolation)
            #expect(cause?.serverMessage?.contains("Authorization Violation") == true)
        }
    }

    @Test func permissionsViolationEndsTheSubscriptionAndKeepsTheConnection() async throws {
        let config = """
            authorization { users: [ { user: "u", password: "p", permissions: {
              publish: { allow: ["allowed.>", "_INBOX.>"] }, subscribe: { allow: ["allowed.>", "_INBOX.>"] } } } ] }
            """
        try await NATSServer.withServer(.init(extraConfig: config)) { server in
            try await withClient(server, { $0.authentication = .userPassword(user: "u", password: "p") }) { client in
                let events = client.connectionEvents
                let forbidden = try await client.subscribe(to: "secret.stuff")
                let error = await #expect(throws: NATSClientError.self) {
                    for try await _ in forbidden {}
                }
                #expect(error?.code == .permissionsViolation)
                try await client.publish(ByteBuffer(string: "x"), to: "secret.publish")
                let allowed = try await client.subscribe(to: "allowed.x")
                try await client.publish(ByteBuffer(string: "ok"), to: "allowed.x")
                var iterator = allowed.makeAsyncIterator()
                #expect(try await iterator.next()?.payload.text == "ok")
                var reported: [NATSClientError.Code] = []
                for await event in events {
                    if case .error(let error) = event { reported.append(error.code) }
                    if reported.count == 2 { break }
                }
                #expect(reported == [.permissionsViolation, .permissionsViolation])
            }
        }
    }

    /// A user who may not subscribe to the request inbox: each request fails with the server's
    /// refusal (not a timeout), and the client goes on.
    @Test func aRefusedRequestInboxFailsTheRequestsWithTheRefusal() async throws {
        let config = """
            authorization { users: [ { user: "u", password: "p", permissions: {
              publish: { allow: ["svc.>"] }, subscribe: { allow: ["svc.>"], deny: ["_INBOX.>"] } } } ] }
            """
        try await NATSServer.withServer(.init(extraConfig: config)) { server in
            try await withClient(server, { $0.authentication = .userPassword(user: "u", password: "p") }) { client in
                let responder = try await client.subscribe(to: "svc.echo")
                try await client.flush()
                for attempt in 1...2 {
                    let error = await #expect(throws: NATSClientError.self, "request \(attempt)") {
                        try await client.request(ByteBuffer(string: "ping"), to: "svc.echo", timeout: .seconds(60))
                    }
                    #expect(error?.code == .permissionsViolation, "request \(attempt): \(String(describing: error))")
                    #expect(error?.serverMessage?.contains("_INBOX.") == true, "\(String(describing: error))")
                }
                // The connection stays: a plain publish and subscription still work.
                try await client.publish(ByteBuffer(string: "still here"), to: "svc.echo")
                var iterator = responder.makeAsyncIterator()
                var seen: [String] = []
                while seen.last != "still here", let message = try await iterator.next() { seen.append(message.payload.text) }
                #expect(seen.last == "still here")
                #expect(client.isConnected)
            }
        }
    }
}
