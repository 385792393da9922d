import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The `person-service` executable run as a child process, as an operator runs it.
final class ServiceProcess: @unchecked Sendable {
    let process = Process()
    let logPath: String

    /// The binary: `PERSON_SERVICE_BIN`, else next to the test bundle (SwiftPM builds every
    /// product into the same folder).
    static var executable: String {
        if let path = ProcessInfo.processInfo.environment["PERSON_SERVICE_BIN"], !path.isEmpty { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("person-service").path
    }

    /// Starts the service against `url` with `environment` added.
    init(url: String, environment: [String: String] = [:]) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw RuntimeTestError("person-service is not built at \(Self.executable) (build it, or set PERSON_SERVICE_BIN)")
        }
        logPath = NSTemporaryDirectory() + "person-service-\(UUID().uuidString).log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw RuntimeTestError("cannot create the service log \(logPath)")
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        var variables = ProcessInfo.processInfo.environment
        variables["NATS_URL"] = url
        variables["HTTP_PORT"] = "0"
        variables["LOG_LEVEL"] = "info"
        for (key, value) in environment { variables[key] = value }
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.environment = variables
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try log.close()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to exit, at most `timeout`; its exit status, or nil if it still runs.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// Kills it if it still runs, and removes its log.
    func cleanUp() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
