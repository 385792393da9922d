import NIOCore
import NATS
import TestSupport
import Testing
import Wire

@Suite struct NATSClientRequestTests {
    @Test func requestReply() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                let service = try await client.subscribe(to: "echo", queueGroup: "q")
                try await client.flush()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await request in service {
                            guard let reply = request.replyToString else { continue }
                            try await client.publish(ByteBuffer(string: "re: " + request.payload.text), to: reply)
                        }
                    }
                    for i in 0..<50 {
                        let reply = try await client.request(ByteBuffer(string: "\(i)"), to: "echo", timeout: .seconds(2))
                        #expect(reply.payload.text == "re: \(i)")
                    }
                    try await service.unsubscribe()
                    try await group.waitForAll()
                }
            }
        }
    }

    @Test func noRespondersFailsAtOnce() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                let error = await #expect(throws: NATSClientError.self) {
                    try await client.request(ByteBuffer(string: "?"), to: "nobody.home", timeout: .seconds(30))
                }
                // The 503 status ended it: a timeout would be `.timeout`.
                #expect(error?.code == .noResponders)
            }
        }
    }

    @Test func requestTimesOut() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                let silent = try await client.subscribe(to: "silent")
                try await client.flush()
                let error = await #expect(throws: NATSClientError.self) {
                    try await client.request(ByteBuffer(string: "?"), to: "silent", timeout: .milliseconds(200))
                }
                #expect(error?.code == .timeout)
                #expect(silent.pendingMessages == 1)
                try await silent.unsubscribe()
            }
        }
    }
}
