import Foundation
import NIOCore
import NATS
import TestSupport
import Testing
import Wire

/// Interoperability with an independent client, nats-py: it requests and we reply, and the reverse,
/// headers included. The scripts live in perf/interop (scripts/install-deps.sh installs nats-py).
@Suite struct NATSPyInteropTests {
    @Test func natsPyRequestsSwiftReplies() async throws {
        try await NATSServer.withServer { server in
            try await withClient(server) { client in
                let service = try await client.subscribe(to: "interop.swift", queueGroup: "q")
                try await client.flush()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await request in service {
                            guard let reply = request.replyToString else { continue }
                            var headers = NATSHeaderFields()
                            if let received = request.headers {
                                for field in received { headers.append(field.nameString, field.valueString) }
                            }
                            headers.append("X-Responder", "cim-swift")
                            let reversed = ByteBuffer(bytes: Array(request.payload.readableBytesView).reversed())
                            try await client.publish(reversed, to: reply, headers: headers)
                        }
                    }
                    let script = try PythonScript(
                        "requester.py",
                        ["--url", server.url, "--subject", "interop.swift", "--count", "25", "--size", "64", "--require-echoed-headers"]
                    )
                    let status = try await script.waitForExit(timeout: .seconds(60))
                    #expect(status == 0, "requester.py: \(script.output)")
                    #expect(script.output.contains("\"ok\": 25") || script.output.contains("\"ok\":25"), "\(script.output)")
                    try await service.unsubscribe()
                    try await group.waitForAll()
                }
            }
        }
    }

    @Test func swiftRequestsNatsPyReplies() async throws {
        try await NATSServer.withServer { server in
            let script = try PythonScript("responder.py", ["--url", server.url, "--subject", "interop.py", "--count", "25", "--timeout", "60"])
            try await script.waitForLine("READY", timeout: .seconds(30))
            try await withClient(server) { client in
                for i in 0..<25 {
                    var headers = NATSHeaderFields()
                    headers.append("X-Seq", "\(i)")
                    headers.append("X-Client", "cim-swift")
                    let reply = try await client.request(ByteBuffer(string: "hello \(i)"), to: "interop.py", headers: headers, timeout: .seconds(5))
                    #expect(reply.payload.text == String("hello \(i)".reversed()))
                    #expect(reply.headers?["X-Seq"] == "\(i)")
                    #expect(reply.headers?["X-Client"] == "cim-swift")
                    #expect(reply.headers?["X-Responder"] == "nats-py")
                }
            }
            let status = try await script.waitForExit(timeout: .seconds(30))
            #expect(status == 0, "responder.py: \(script.output)")
        }
    }
}

/// A script of perf/interop run with python3; its output goes to a file (no pipe: a pipe's write
/// end can leak into servers spawned by concurrent tests and block readers).
final class PythonScript: Sendable {
    let process: Process
    let outputPath: String

    init(_ name: String, _ arguments: [String]) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("perf/interop/\(name)").path
        outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("interop-\(UUID().uuidString).log").path
        guard FileManager.default.createFile(atPath: outputPath, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try output.close()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(atPath: outputPath)
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    func waitForLine(_ line: String, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while !output.split(separator: "\n").contains(where: { $0 == line }) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                throw ScriptError(description: "no \(line) line within \(timeout); output: \(output)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func waitForExit(timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw ScriptError(description: "the script did not exit within \(timeout); output: \(output)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }
}

struct ScriptError: Error, CustomStringConvertible {
    var description: String
}
