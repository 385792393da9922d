import Foundation
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `cim-bench` as a user does, for the process tests.
enum CimBenchProcess {
    /// The built `cim-bench` (SwiftPM puts every product next to the test bundle).
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cim-bench").path
    }

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Standard error as it arrives: the text so far, and an event for each chunk.
    final class Captured: Sendable {
        let text = Mutex("")
        let chunks: AsyncStream<Void>
        let continuation: AsyncStream<Void>.Continuation

        init() { (chunks, continuation) = AsyncStream<Void>.makeStream() }

        func append(_ data: Data) {
            text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            continuation.yield()
        }

        /// Waits (on the chunks, not by polling) until the text contains `needle`.
        func waitFor(_ needle: String, within timeout: Duration) async throws {
            try await withTimeout(timeout, "cim-bench to print \"\(needle)\"") {
                if self.text.withLock({ $0.contains(needle) }) { return }
                for await _ in self.chunks where self.text.withLock({ $0.contains(needle) }) { return }
            }
        }
    }

    /// Runs cim-bench with `arguments`; `whileRunning` gets the process (to signal it) and its
    /// standard error as it arrives. The exit is awaited through the termination handler.
    static func run(_ arguments: [String], whileRunning: ((Process, Captured) async throws -> Void)? = nil) async throws -> Run {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw BenchTestError("cim-bench is not built at \(Self.executable)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cim-bench-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outPath = directory.appendingPathComponent("out").path
        guard FileManager.default.createFile(atPath: outPath, contents: nil) else {
            throw BenchTestError("cannot create the output file in \(directory.path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NATS_URL")
        process.environment = environment
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        let errors = Pipe()
        process.standardError = errors
        let captured = Captured()
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { captured.append(data) }
        }
        let (exits, exited) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            exited.yield(process.terminationStatus)
            exited.finish()
        }
        try process.run()
        if let whileRunning { try await whileRunning(process, captured) }
        let status: Int32
        do {
            status = try await withTimeout(.seconds(180), "cim-bench \(arguments.joined(separator: " ")) to finish") {
                for await status in exits { return status }
                return -1
            }
        } catch {
            kill(process.processIdentifier, SIGKILL)
            throw error
        }
        errors.fileHandleForReading.readabilityHandler = nil
        captured.append(errors.fileHandleForReading.readDataToEndOfFile())
        return Run(status: status, output: try String(contentsOfFile: outPath, encoding: .utf8), errors: captured.text.withLock { $0 })
    }

    /// The processes whose parent is `pid` (from /proc).
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { candidate in
            guard let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == pid
        }
    }
}
