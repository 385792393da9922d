import ArgumentParser
import Foundation
import NATS
import NIOCore
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The server's durability policy: nats-server's default (fsync every 2 minutes) or
/// `sync_interval: always` (fsync before every acknowledgement).
enum ServerSync: String, ExpressibleByArgument, CaseIterable, Sendable {
    case `default`, always
}

/// A nats-server started by cim-bench (on a free loopback port, with a temporary store, removed
/// when stopped): the same launcher the tests use.
struct LocalServer: Sendable {
    let server: NATSServer
    let sync: ServerSync

    /// Starts `executable` (default: `$NATS_SERVER_BIN`, else `nats-server` on PATH).
    static func start(sync: ServerSync, executable: String? = nil) async throws -> LocalServer {
        do {
            let server = try await NATSServer.start(
                NATSServer.Options(executable: executable, syncInterval: sync == .always ? "always" : nil, keepLogsOnFailure: true))
            return LocalServer(server: server, sync: sync)
        } catch {
            throw BenchFailure("could not start a local nats-server: \(error)")
        }
    }

    var url: String { server.url }
    var version: String { server.version.description }

    /// What a service started against this server runs with unless the caller said otherwise:
    /// under `sync_interval: always`, group commit (`COMMIT_MODE=batch`: one atomic batch, and
    /// its syncs, per group of commands instead of one per command; the deployment's advice for
    /// that profile), when the server has atomic batches (2.12+).
    var serviceDefaults: [String: String] {
        sync == .always && server.version >= NATSServerVersion(2, 12, 0) ? ["COMMIT_MODE": "batch"] : [:]
    }

    /// `given` (the caller's `--service-env`) over ``serviceDefaults``; says on stderr which
    /// default the service gets when the caller did not choose.
    func serviceEnvironment(_ given: [String: String], command: String) -> [String: String] {
        if !serviceDefaults.isEmpty, given["COMMIT_MODE"] == nil {
            printError("cim-bench \(command): the service runs with COMMIT_MODE=batch, as advised under sync_interval: always (--service-env COMMIT_MODE=async for one publish per command)")
        }
        return serviceDefaults.merging(given) { _, given in given }
    }

    func stop() async { await server.stop() }
}

/// A service executable started by cim-bench, with its output in a log file, and stopped the way
/// an operator stops it (SIGTERM), or killed (SIGKILL) to measure a cold start.
final class LocalService: Sendable {
    let name: String
    let process: Process
    let logPath: String

    /// `explicit`, else `$<NAME>_BIN` (`PERSON_SERVICE_BIN`), else `name` next to cim-bench
    /// (SwiftPM builds every product into one folder).
    static func executable(_ name: String, explicit: String?) throws -> String {
        let variable = name.uppercased().replacingOccurrences(of: "-", with: "_") + "_BIN"
        let path = explicit ?? environment(variable) ?? URL(fileURLWithPath: Self.ownPath).deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchFailure("\(name) is not an executable at \(path): build it (swift build -c release --product \(name)), or give --service-bin or \(variable)")
        }
        return path
    }

    /// This executable's path (argv[0] may be relative or a bare name found on PATH).
    private static var ownPath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Starts `executable` with `arguments`, the caller's environment plus `environment`, its
    /// standard output and error appended to `logPath`.
    init(name: String, executable: String, arguments: [String] = [], environment: [String: String], logPath: String) throws {
        self.name = name
        self.logPath = logPath
        guard FileManager.default.createFile(atPath: logPath, contents: nil) || FileManager.default.fileExists(atPath: logPath),
            let log = FileHandle(forWritingAtPath: logPath)
        else { throw BenchFailure("cannot write the service's log \(logPath)") }
        log.seekToEndOfFile()
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = variables
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            throw BenchFailure("could not start \(executable): \(error)")
        }
    }

    var isRunning: Bool { process.isRunning }

    /// The last `lines` lines of its log.
    func logTail(lines: Int = 20) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "(no log at \(logPath))"
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// Waits until the service answers a request on `subject` (any reply: a probe with an empty
    /// object gets a typed error), within `timeout`. Fails if it exits first.
    func waitUntilServing(client: NATSClient, subject: String, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw BenchFailure("\(name) exited with status \(process.terminationStatus) before serving:\n\(logTail())")
            }
            do {
                _ = try await client.request(ByteBuffer(string: "{}"), to: subject, timeout: .seconds(2))
                return
            } catch let error as NATSClientError where error.code == .noResponders || error.code == .timeout {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        throw BenchFailure("\(name) did not answer on \(subject) within \(timeout):\n\(logTail())")
    }

    /// SIGTERM, then waits up to `timeout` for the exit: its status, or nil if it had to be killed.
    func terminate(timeout: Duration = .seconds(60)) async -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        Glibc.kill(process.processIdentifier, SIGTERM)
        if await waitForExit(timeout) { return process.terminationStatus }
        await self.kill()
        return nil
    }

    /// SIGKILL (a crash), and waits for the exit.
    func kill() async {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        _ = await waitForExit(.seconds(30))
    }

    private func waitForExit(_ timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !process.isRunning
    }
}

/// A run that cannot go on: a readable sentence on standard error, exit 1.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
