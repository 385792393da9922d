import Foundation
import Synchronization

/// A real `nats-server` process on a loopback port, for integration tests.
///
/// Each fixture has its own temporary directory holding the generated config file, the JetStream
/// store and the server log. Prefer the scoped ``withServer(_:_:)``, which always stops the server:
///
/// ```swift
/// try await NATSServer.withServer { server in
///     // connect to server.url / server.port
/// }
/// ```
///
/// The binary is ``Options/executable``, else `$NATS_SERVER_BIN`, else `nats-server` on `PATH`; a
/// missing binary is an error that says to run `scripts/install-deps.sh`.
public final class NATSServer: Sendable {
    struct State {
        /// The running (or exited but not yet replaced) server process.
        var process: Process?
        /// ``stop(keepingDirectory:)`` was called: no more restarts.
        var isStopped = false
    }

    /// The options the fixture was started with.
    public let options: Options
    /// The `nats-server` executable that runs.
    public let executable: String
    /// The version that `executable --version` reported.
    public let version: NATSServerVersion
    /// The `server_name` in the config (unique unless ``Options/serverName`` was set).
    public let serverName: String
    /// The client port on ``host``; kept across ``restart()``.
    public let port: Int
    /// The HTTP monitoring port on ``host``, when ``Options/monitoring`` is on.
    public let monitoringPort: Int?
    let layout: Layout
    let state: Mutex<State>

    init(
        options: Options,
        executable: String,
        version: NATSServerVersion,
        serverName: String,
        port: Int,
        monitoringPort: Int?,
        layout: Layout,
        process: Process
    ) {
        self.options = options
        self.executable = executable
        self.version = version
        self.serverName = serverName
        self.port = port
        self.monitoringPort = monitoringPort
        self.layout = layout
        self.state = Mutex(State(process: process))
    }

    deinit {
        // Safety net for a fixture that was never stopped: never leave a server running.
        if let process = state.withLock({ $0.process }), process.isRunning {
            sendKill(to: process.processIdentifier)
            Self.printToStandardError(
                "TestSupport.NATSServer: fixture on port \(port) was released while running; killed it. Files: \(layout.directory)"
            )
        }
    }

    /// The address the server listens on (``Options/host``, `127.0.0.1` unless set).
    public var host: String { options.host }
    /// The client URL, `nats://<host>:<port>`.
    public var url: String { "nats://\(host):\(port)" }
    /// The monitoring URL, `http://<host>:<monitoringPort>`, when monitoring is on.
    public var monitoringURL: String? { monitoringPort.map { "http://\(host):\($0)" } }
    /// The fixture's temporary directory (the server's working directory).
    public var directory: String { layout.directory }
    /// The JetStream `store_dir`; kept across ``restart()`` and ``kill()``.
    public var storeDirectory: String { options.storeDirectory ?? layout.storeDirectory }
    /// The generated config file. Edit it before ``restart()`` to restart with another config.
    public var configPath: String { layout.configPath }
    /// The server's stdout and stderr, appended across restarts.
    public var logPath: String { layout.logPath }

    /// Whether the server process is running.
    public var isRunning: Bool { state.withLock { $0.process?.isRunning ?? false } }
    /// The server's process id, while it runs.
    public var processIdentifier: Int32? {
        state.withLock { state in state.process.flatMap { $0.isRunning ? $0.processIdentifier : nil } }
    }
}
