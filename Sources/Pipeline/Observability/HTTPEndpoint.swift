import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Synchronization

/// Where the HTTP endpoint listens.
public struct HTTPEndpointConfiguration: Sendable, Hashable {
    /// The default host: loopback only (a sidecar or the node's agent scrapes it).
    public static let defaultHost = "127.0.0.1"

    /// The host (an address or a name) to listen on.
    public var host: String
    /// The TCP port; 0 means "off": the caller does not run an endpoint then.
    public var port: Int

    /// - Parameters:
    ///   - host: The host to listen on (default `127.0.0.1`).
    ///   - port: The port, 1…65535, or 0 for no endpoint.
    public init(host: String = HTTPEndpointConfiguration.defaultHost, port: Int) {
        self.host = host
        self.port = port
    }

    /// False when `port` is 0: do not create or run the endpoint.
    public var isEnabled: Bool { port != 0 }
}

/// The process's HTTP endpoint (Hummingbird 2): liveness, readiness and Prometheus metrics.
///
/// - `GET /healthz`: 200 `ok` while the process runs.
/// - `GET /readyz`: 200 `ready` when the readiness check says so, else 503 with its reasons, one
///   per line.
/// - `GET /metrics`: the registry in the Prometheus text format (`text/plain; version=0.0.4`).
///
/// It is a `Service`: run it in the runtime's `ServiceGroup`; a graceful shutdown stops accepting
/// connections and lets requests in flight finish. A port already in use ends `run()` with
/// `HTTPEndpointError(.addressInUse)` naming host and port.
public struct HTTPEndpoint: Service {
    /// The content type of `/metrics`: the Prometheus text exposition format 0.0.4.
    public static let metricsContentType = "text/plain; version=0.0.4"

    public let configuration: HTTPEndpointConfiguration
    let registry: PrometheusCollectorRegistry
    let readiness: ReadinessCheck
    let logger: Logger
    let onListening: @Sendable (_ port: Int) async -> Void

    /// - Parameters:
    ///   - configuration: Host and port (the port must not be 0).
    ///   - registry: The registry `/metrics` shows (the one behind the `ServiceMetrics` factory).
    ///   - logger: For the server's start and errors.
    ///   - readiness: Asked on every `GET /readyz`.
    ///   - onListening: Called once the socket listens, with the bound port.
    public init(
        configuration: HTTPEndpointConfiguration,
        registry: PrometheusCollectorRegistry,
        logger: Logger = Logger(label: "cim.http"),
        readiness: @escaping ReadinessCheck = { .ready },
        onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
        self.readiness = readiness
        self.onListening = onListening
    }

    /// Listens and serves until a graceful shutdown or cancellation.
    ///
    /// - Throws: `HTTPEndpointError` with `.invalidConfiguration` (a port outside 1…65535 or an
    ///   empty host), `.addressInUse` or `.bindFailed` when it cannot start; after it started,
    ///   whatever the server throws.
    public func run() async throws {
        let host = configuration.host
        let port = configuration.port
        guard (1...65_535).contains(port), !host.isEmpty else {
            throw HTTPEndpointError(.invalidConfiguration, host: host, port: port, "the port must be in 1...65535 and the host not empty")
        }
        let listening = ListeningFlag()
        let onListening = self.onListening
        let application = Application(
            router: Self.makeRouter(registry: registry, readiness: readiness),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                listening.set()
                await onListening(channel.localAddress?.port ?? port)
            },
            logger: logger
        )
        do {
            try await application.run()
        } catch {
            guard !listening.isSet else { throw error }
            throw Self.startupError(error, host: host, port: port)
        }
    }
}

/// Set once the server listens: errors before are start-up errors.
final class ListeningFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}
