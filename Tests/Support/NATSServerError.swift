/// Why a ``NATSServer`` fixture could not be started or used.
///
/// The message is written for a person reading a failed test: it says what to do (for example,
/// run `scripts/install-deps.sh`) and, for start-up failures, ends with the tail of the server log.
public struct NATSServerError: Error, Sendable, CustomStringConvertible {
    /// A kind of failure. New codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case binaryNotFound
            case versionUnreadable
            case noFreePort
            case filesystem
            case launchFailed
            case portInUse
            case exitedDuringStartup
            case startupTimedOut
            case cancelled
            case stopped
            case notRunning
        }

        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// No `nats-server` executable at `NATS_SERVER_BIN`, the given path, or on `PATH`.
        public static let binaryNotFound = Code(.binaryNotFound)
        /// `nats-server --version` failed or printed something unexpected.
        public static let versionUnreadable = Code(.versionUnreadable)
        /// No loopback port could be reserved.
        public static let noFreePort = Code(.noFreePort)
        /// The temporary directory, config file or log file could not be written.
        public static let filesystem = Code(.filesystem)
        /// The process could not be spawned.
        public static let launchFailed = Code(.launchFailed)
        /// The server exited because its port was taken (retried on a new port when possible).
        public static let portInUse = Code(.portInUse)
        /// The server exited before it accepted a client.
        public static let exitedDuringStartup = Code(.exitedDuringStartup)
        /// The server did not send its `INFO` line before the start-up timeout.
        public static let startupTimedOut = Code(.startupTimedOut)
        /// The task starting the server was cancelled (the server was stopped).
        public static let cancelled = Code(.cancelled)
        /// The fixture was stopped and its directory removed; it cannot be restarted.
        public static let stopped = Code(.stopped)
        /// The server process is not running (it cannot be signalled).
        public static let notRunning = Code(.notRunning)

        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A detailed, human-readable explanation.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: A detailed explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "NATSServer (\(code)): \(message)" }
}
