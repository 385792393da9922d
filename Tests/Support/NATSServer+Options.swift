extension NATSServer {
    /// How to start a ``NATSServer``. Every property has a default that suits a plain JetStream test.
    public struct Options: Sendable {
        /// The `nats-server` executable. `nil`: `$NATS_SERVER_BIN`, else the first `nats-server` on
        /// `PATH`. Use ``NATSServer/debianExecutable`` to run Debian's older server.
        public var executable: String?
        /// The client port. `nil`: a free loopback port, with a retry on a new port if it is taken.
        public var port: Int?
        /// The address the server listens on (client port and monitoring), and that ``NATSServer/url``
        /// names. Another address than loopback is for a server in a network namespace (see
        /// ``launcher``), where it owns its addresses.
        public var host: String
        /// A command the server is started through, e.g. `["/usr/sbin/ip", "netns", "exec", "ns0"]`
        /// (it must exec the server, so that the process is the server's). Empty: started directly.
        public var launcher: [String]
        /// `server_name`. `nil`: a unique `fixture-…` name. Readiness checks that the `INFO` line
        /// carries this name, so a fixture never mistakes another server on its port for its own.
        public var serverName: String?
        /// Writes a `jetstream { store_dir: … }` block.
        public var jetStream: Bool
        /// `sync_interval` in the JetStream block (`"always"`, `"2m"`; needs server 2.10+).
        public var syncInterval: String?
        /// Raw lines placed inside the JetStream block (e.g. `max_memory_store: 256MB`).
        public var jetStreamConfig: [String]
        /// The JetStream `store_dir`. `nil`: `store` inside the fixture's temporary directory. A
        /// caller's directory (e.g. a small tmpfs, to run out of space) is used as it is and never
        /// removed by the fixture.
        public var storeDirectory: String?
        /// Starts the HTTP monitoring endpoint on a free loopback port (see ``NATSServer/monitoringPort``).
        public var monitoring: Bool
        /// `debug: true` in the config (more log lines).
        public var debug: Bool
        /// `trace: true` in the config (every protocol line in the log).
        public var trace: Bool
        /// Raw configuration text appended to the generated file: authorization blocks, users, tokens,
        /// nkeys, TLS, cluster routes. Relative paths resolve in ``NATSServer/directory``.
        public var extraConfig: String
        /// Files written into ``NATSServer/directory`` before start (relative path → contents), e.g.
        /// certificates or an `include`d file that ``extraConfig`` refers to.
        public var files: [String: String]
        /// Extra command-line arguments, after `-c <config>`.
        public var arguments: [String]
        /// How long to wait for the `INFO` line, from this fixture's launch (fixtures waiting for a
        /// start slot, see ``NATSServer/parallelStarts``, are not on the clock yet).
        public var startupTimeout: Duration
        /// How long to wait after SIGTERM before SIGKILL.
        public var stopTimeout: Duration
        /// Keeps the temporary directory and prints the log path and tail when start-up fails or when
        /// the body of ``NATSServer/withServer(_:_:)`` throws.
        public var keepLogsOnFailure: Bool

        /// Creates options; see each property for the meaning and the default.
        public init(
            executable: String? = nil,
            port: Int? = nil,
            host: String = "127.0.0.1",
            launcher: [String] = [],
            serverName: String? = nil,
            jetStream: Bool = true,
            syncInterval: String? = nil,
            jetStreamConfig: [String] = [],
            storeDirectory: String? = nil,
            monitoring: Bool = false,
            debug: Bool = false,
            trace: Bool = false,
            extraConfig: String = "",
            files: [String: String] = [:],
            arguments: [String] = [],
            startupTimeout: Duration = .seconds(30),
            stopTimeout: Duration = .seconds(5),
            keepLogsOnFailure: Bool = true
        ) {
            self.executable = executable
            self.port = port
            self.host = host
            self.launcher = launcher
            self.serverName = serverName
            self.jetStream = jetStream
            self.syncInterval = syncInterval
            self.jetStreamConfig = jetStreamConfig
            self.storeDirectory = storeDirectory
            self.monitoring = monitoring
            self.debug = debug
            self.trace = trace
            self.extraConfig = extraConfig
            self.files = files
            self.arguments = arguments
            self.startupTimeout = startupTimeout
            self.stopTimeout = stopTimeout
            self.keepLogsOnFailure = keepLogsOnFailure
        }

        /// Returns a copy with `text` appended to ``extraConfig`` on a new line.
        ///
        /// - Parameter text: Raw nats-server configuration.
        /// - Returns: The modified options.
        public func appendingConfig(_ text: String) -> Options {
            var copy = self
            copy.extraConfig += copy.extraConfig.isEmpty ? text : "\n" + text
            return copy
        }
    }
}
