import Aggregates
import Logging
import NATS
import NIOCore
import ServiceLifecycle
import Wire

/// Answers the NATS service API (ADR-32, what `nats micro ls/info/stats` asks): `$SRV.PING`,
/// `$SRV.INFO` and `$SRV.STATS`, each for every service, for every instance of this service's
/// name, and for this instance's id.
///
/// `run()` makes nine plain (non-queue) subscriptions, so every instance answers a broadcast,
/// confirms them with a flush, calls `onStarted`, and answers until a graceful shutdown (or
/// until the client drains or closes); then it unsubscribes and returns. Run it in the runtime's
/// `ServiceGroup` after the client it uses. Run it once.
///
/// The endpoints' numbers come from `statistics`, which the runtime feeds once per request.
/// PING and INFO answers never change and are encoded once; STATS is encoded per request.
///
/// Replies need `publish`, which may wait for room in the outbound buffer, so the requests are
/// taken from `AsyncSequence` subscriptions (one loop per subject) rather than from event-loop
/// handlers, which must not wait.
public final class ServiceAPIResponder: Service {
    public let configuration: ServiceAPIConfiguration
    /// This instance's id, the last token of `$SRV.<verb>.<name>.<id>`.
    public let instanceID: String
    /// Where the runtime records each request; STATS reads it.
    public let statistics: EndpointStatisticsRecorder
    /// When the responder was made: STATS's `started`.
    public let started: Timestamp

    let client: NATSClient
    let logger: Logger
    let statsData: (@Sendable (_ endpoint: String) -> String?)?
    let onStarted: @Sendable () async -> Void
    let pingResponse: ByteBuffer
    let infoResponse: ByteBuffer

    /// Monitoring requests are few; when they pile up, dropping some beats pausing the connection.
    static let subscriptionLimits = SubscriptionLimits(maxMessages: 1024, maxBytes: 1 << 20, overflow: .dropNewest)

    /// - Parameters:
    ///   - client: The connection to answer on.
    ///   - configuration: Name, version, description, metadata and endpoints (validated here).
    ///   - instanceID: This instance's id (default: a new random one).
    ///   - statistics: The recorder to report from (default: a new one over the endpoints' names).
    ///   - logger: For failed replies and subscriptions.
    ///   - statsData: Extra JSON per endpoint, sent raw as the endpoint's `data` in STATS; must
    ///     return one valid JSON value, or nil for none.
    ///   - onStarted: Called once the nine subscriptions are confirmed by the server.
    /// - Throws: `ServiceAPIError` with `.invalidName`, `.invalidVersion` or `.invalidEndpoint`;
    ///   `.invalidName` also for an instance id that is not a valid subject token.
    public init(
        client: NATSClient,
        configuration: ServiceAPIConfiguration,
        instanceID: String = ServiceInstanceID.generate(),
        statistics: EndpointStatisticsRecorder? = nil,
        logger: Logger = Logger(label: "cim.service-api"),
        statsData: (@Sendable (_ endpoint: String) -> String?)? = nil,
        onStarted: @escaping @Sendable () async -> Void = {}
    ) throws(ServiceAPIError) {
        try configuration.validate()
        guard ServiceInstanceID.isValid(instanceID) else {
            throw ServiceAPIError(.invalidName, "instance id \"\(instanceID)\" must match ^[A-Za-z0-9_-]+$")
        }
        self.client = client
        self.configuration = configuration
        self.instanceID = instanceID
        self.statistics = statistics ?? EndpointStatisticsRecorder(endpoints: configuration.endpoints.map(\.name))
        self.started = WallClock.now()
        self.logger = logger
        self.statsData = statsData
        self.onStarted = onStarted
        let identity = ServiceIdentity(name: configuration.name, id: instanceID, version: configuration.version, metadata: configuration.metadata)
        self.pingResponse = ServiceAPIResponse.ping(identity)
        self.infoResponse = ServiceAPIResponse.info(identity, description: configuration.description, endpoints: configuration.endpoints)
    }

    /// The nine subjects this instance answers on.
    public var subjects: [String] {
        ServiceAPIVerb.allCases.flatMap { $0.subjects(name: configuration.name, id: instanceID) }
    }

    /// Subscribes, answers until a graceful shutdown or the end of the client, then unsubscribes.
    ///
    /// - Throws: `ServiceAPIError(.subscriptionFailed)` when the subscriptions cannot be made or
    ///   confirmed (a closed or draining client, a flush timeout).
    public func run() async throws {
        let subscriptions = try await subscribe()
        await onStarted()
        await withDiscardingTaskGroup { group in
            for (verb, subscription) in subscriptions {
                group.addTask { await self.serve(verb, subscription) }
            }
        }
        await unsubscribe(subscriptions)
    }

    /// Ends the subscriptions; a failure (the client already closed them) is logged, not thrown:
    /// nothing is lost when a monitoring subscription ends twice.
    private func unsubscribe(_ subscriptions: [(ServiceAPIVerb, NATSSubscription)]) async {
        for (_, subscription) in subscriptions {
            do {
                try await subscription.unsubscribe()
            } catch {
                logger.debug("unsubscribing from \(subscription.subject) failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The response body for `verb` now.
    func response(to verb: ServiceAPIVerb) -> ByteBuffer {
        switch verb {
        case .ping:
            return pingResponse
        case .info:
            return infoResponse
        case .stats:
            let identity = ServiceIdentity(name: configuration.name, id: instanceID, version: configuration.version, metadata: configuration.metadata)
            let statsData = self.statsData
            return ServiceAPIResponse.stats(
                identity,
                started: started,
                endpoints: configuration.endpoints,
                statistics: { self.statistics.statistics(for: $0) },
                data: { statsData?($0) }
            )
        }
    }

    private func subscribe() async throws(ServiceAPIError) -> [(ServiceAPIVerb, NATSSubscription)] {
        var subscriptions: [(ServiceAPIVerb, NATSSubscription)] = []
        do {
            for verb in ServiceAPIVerb.allCases {
                for subject in verb.subjects(name: configuration.name, id: instanceID) {
                    subscriptions.append((verb, try await client.subscribe(to: subject, limits: Self.subscriptionLimits)))
                }
            }
            try await client.flush()
        } catch {
            await unsubscribe(subscriptions)
            throw ServiceAPIError(.subscriptionFailed, "cannot subscribe to the $SRV subjects of \(configuration.name)", underlying: error)
        }
        return subscriptions
    }

    /// Answers the requests of one subscription until it ends or a graceful shutdown begins.
    private func serve(_ verb: ServiceAPIVerb, _ subscription: NATSSubscription) async {
        do {
            for try await request in subscription.cancelOnGracefulShutdown() {
                guard let reply = request.replyTo else { continue }
                do {
                    try await client.publish(response(to: verb), toSubjectBytes: reply)
                } catch {
                    logger.debug("no reply to a $SRV request", metadata: ["subject": "\(subscription.subject)", "error": "\(error)"])
                }
            }
        } catch is CancellationError {
            return
        } catch {
            logger.warning("a $SRV subscription ended with an error", metadata: ["subject": "\(subscription.subject)", "error": "\(error)"])
        }
    }
}
