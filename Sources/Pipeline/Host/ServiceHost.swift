import Aggregates
import Logging
import Metrics
import NIOPosix
import NATS
import Prometheus
import ServiceLifecycle
import UnixSignals

/// Runs one domain service as a process: logging at the configured level, Prometheus metrics,
/// two NATS connections (intake and store), the runtime, the `$SRV` API, and the HTTP endpoint,
/// all in one `ServiceGroup` that drains on SIGTERM or SIGINT.
package enum ServiceHost {
    package struct Identity: Sendable {
        /// `person-service`: the `$SRV` name and the connection names.
        package var name: String
        package var version: String
        package var description: String

        package init(name: String, version: String, description: String) {
            self.name = name
            self.version = version
            self.description = description
        }
    }

    /// What a domain adds to the runtime, made once the process's connections exist.
    package struct Extras<Codec: DomainCodec>: Sendable {
        /// Work started by stored events (Agent: streaming replies), given the store connection.
        package var reactor: (@Sendable (NATSClient, Logger) throws -> any Reactor<Codec>)?
        /// The read model answering queries (Policy: evaluate), given the intake connection.
        package var queries: (@Sendable (NATSClient, Logger) throws -> any QueryServing<Codec>)?

        package init(
            reactor: (@Sendable (NATSClient, Logger) throws -> any Reactor<Codec>)? = nil,
            queries: (@Sendable (NATSClient, Logger) throws -> any QueryServing<Codec>)? = nil
        ) {
            self.reactor = reactor
            self.queries = queries
        }
    }

    /// Bootstraps logging and metrics for the process (once), then serves until a signal.
    /// - Throws: the first service's failure (start-up errors, a drain that ran out of time).
    /// - Parameter concrete: wraps the runtime in a service whose `run()` calls it with the concrete
    ///   codec type, written where the runtime's code is (this module), so the compiler specializes
    ///   the runtime for the domain. Through `any Service` alone the generic code runs unspecialized.
    package static func run<Codec: DomainCodec>(
        codec: Codec, settings: ServiceSettings, identity: Identity, commandTypes: [String], extras: Extras<Codec> = Extras(),
        concrete: (DomainRuntime<Codec>) -> any Service
    ) async throws {
        let level = settings.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        let factory = ServiceMetrics.makePrometheusFactory(registry: registry)
        MetricsSystem.bootstrap(factory)
        var logger = Logger(label: identity.name)
        logger.logLevel = level
        logger.log(level: settings.allocator.unexpected ? .warning : .info, "starting", metadata: ["allocator": "\(settings.allocator.text)"])

        let services = try makeServices(
            codec: codec, settings: settings, identity: identity, commandTypes: commandTypes, extras: extras, registry: registry, factory: factory,
            logger: logger, concrete: concrete)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }

    /// The services of one process, in start order (they stop in reverse: the runtime drains
    /// while the HTTP endpoint still reports it, and before the connections close).
    package static func makeServices<Codec: DomainCodec>(
        codec: Codec, settings: ServiceSettings, identity: Identity, commandTypes: [String], extras: Extras<Codec> = Extras(),
        registry: PrometheusCollectorRegistry, factory: any MetricsFactory, logger: Logger,
        concrete: (DomainRuntime<Codec>) -> any Service = { $0 }
    ) throws -> [any Service] {
        var intakeConfiguration = settings.nats
        intakeConfiguration.name = "\(identity.name)-intake"
        var storeConfiguration = settings.nats
        storeConfiguration.name = "\(identity.name)-store"
        // Both connections on one event loop: with the runtime's tasks there too, a command never
        // changes threads (see `RuntimeConfiguration.TaskPlacement`).
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let intake = try NATSClient(configuration: intakeConfiguration, eventLoopGroup: loop, logger: logger)
        let store = try NATSClient(configuration: storeConfiguration, eventLoopGroup: loop, logger: logger)

        let runtimeConfiguration = settings.runtime
        let metrics = ServiceMetrics(service: identity.name, commandTypes: commandTypes, shardCount: runtimeConfiguration.shards, factory: factory)
        let queries = try extras.queries?(intake, logger)
        let endpoints = runtimeConfiguration.commandSubjects.enumerated().map { index, subject in
            ServiceEndpoint(name: index == 0 ? "commands" : "commands-\(index)", subject: subject, queueGroup: runtimeConfiguration.queueGroup)
        } + (queries?.verbs ?? []).map { verb in
            // Listed for discovery; answered by the read model (see `DomainRuntime`), not counted in the commands' statistics.
            ServiceEndpoint(name: verb, subject: "\(codec.domain).commands.\(verb)", queueGroup: runtimeConfiguration.queryQueueGroup)
        }
        let api = ServiceAPIConfiguration(
            name: identity.name, version: identity.version, description: identity.description,
            metadata: runtimeConfiguration.serviceMetadata, endpoints: endpoints)
        let responder = try ServiceAPIResponder(client: intake, configuration: api, logger: logger)
        // Type=notify units learn readiness and draining from the runtime's phases.
        let notifier = SystemdNotifier()
        let status = RuntimeStatus { [logger] phase in
            if let failure = notifier.notify(phase) { logger.warning("could not tell systemd", metadata: ["error": "\(failure)"]) }
        }
        let runtime = DomainRuntime(
            codec: codec, configuration: runtimeConfiguration, intake: intake, store: store, metrics: metrics,
            endpoint: responder.statistics.handle(for: endpoints[0].name), status: status, logger: logger,
            reactor: try extras.reactor?(store, logger), queries: queries)

        var services: [any Service] = [intake, store]
        if settings.httpPort != 0 {
            let status = runtime.status
            services.append(HTTPEndpoint(
                configuration: HTTPEndpointConfiguration(host: settings.httpHost, port: settings.httpPort),
                registry: registry, logger: logger,
                readiness: {
                    var reasons = status.notReadyReasons
                    if !intake.isConnected { reasons.append("the intake connection to NATS is down") }
                    if !store.isConnected { reasons.append("the store connection to NATS is down") }
                    return reasons.isEmpty ? .ready : .notReady(reasons: reasons)
                }))
        }
        services.append(responder)
        services.append(concrete(runtime))
        return services
    }
}
