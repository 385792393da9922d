import Foundation
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A service executable (`person-service`, `location-service`) run as a child process, as an
/// operator runs it. Its output and its exit arrive as events a test waits on (nothing is polled).
final class ServiceProcess: Sendable {
    let process: Process
    let name: String
    let output = Transcript()
    let lines = Announcements<String>()
    let exits = Announcements<Int32>()

    /// The binary of `name`: `<NAME>_BIN` (e.g. `PERSON_SERVICE_BIN`), else next to the test bundle
    /// (SwiftPM builds every product into the same folder).
    static func executable(_ name: String) -> String {
        let variable = name.uppercased().replacingOccurrences(of: "-", with: "_") + "_BIN"
        if let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Starts the service `name` against `url` with `environment` added.
    init(url: String, environment: [String: String] = [:], name: String = "person-service") throws {
        self.name = name
        let executable = Self.executable(name)
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw RuntimeTestError("\(name) is not built at \(executable) (build it, or set \(name.uppercased().replacingOccurrences(of: "-", with: "_"))_BIN)")
        }
        var variables = ProcessInfo.processInfo.environment
        variables["NATS_URL"] = url
        variables["HTTP_PORT"] = "0"
        variables["LOG_LEVEL"] = "info"
        for (key, value) in environment { variables[key] = value }
        let pipe = Pipe()
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.environment = variables
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = pipe
        process.standardError = pipe
        let output = self.output
        let lines = self.lines
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            let text = String(decoding: data, as: UTF8.self)
            output.text.withLock { $0 += text }
            for line in text.split(separator: "\n") { lines.announce(String(line)) }
        }
        let exits = self.exits
        process.terminationHandler = { process in exits.announce(process.terminationStatus) }
        try process.run()
    }

    var log: String { output.text.withLock { $0 } }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for a line of output containing `text`.
    func waitForLine(containing text: String, within timeout: Duration = .seconds(30)) async throws {
        while true {
            let line = try await lines.next(within: timeout, "\(name) to print \"\(text)\"")
            if line.contains(text) { return }
        }
    }

    /// Waits for the process to exit; its exit status.
    func waitForExit(within timeout: Duration = .seconds(30)) async throws -> Int32 {
        try await exits.next(within: timeout, "\(name) to exit")
    }

    /// Kills it if it still runs.
    func cleanUp() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Everything a process printed so far.
final class Transcript: Sendable {
    let text = Mutex("")
}
