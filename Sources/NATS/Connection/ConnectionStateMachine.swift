import DequeModule
import NIOCore
import Wire

/// The life of a client's connection as a pure state machine: events in, actions out.
///
/// No I/O, no clock reads, no logging: timers are actions with durations, randomness comes from a
/// seeded generator, and every channel event carries the generation of the connection attempt it
/// belongs to, so late events from an old socket are ignored.
struct ConnectionStateMachine: Sendable {
    struct Configuration: Sendable {
        var connectTimeout: Duration
        var pingInterval: Duration
        var maxPingsOutstanding: Int
        var reconnectWait: Duration
        var reconnectJitter: Duration
        var maxReconnectWait: Duration
        var shuffle: Bool
        var connectOptions: ConnectOptions
        var authentication: ResolvedAuthentication
        var wantsTLS: Bool
        var tlsHandshakeFirst: Bool
        /// `tls.serverName`: the name TLS verifies and sends as SNI for every server.
        var tlsServerName: String?
        /// For an IP literal learned from `connect_urls`: the first configured server's hostname.
        var tlsFallbackName: String?

        init(_ configuration: NATSClientConfiguration, authentication: ResolvedAuthentication) {
            connectTimeout = configuration.connectTimeout
            pingInterval = configuration.pingInterval
            maxPingsOutstanding = max(1, configuration.maxPingsOutstanding)
            reconnectWait = configuration.reconnectWait
            reconnectJitter = configuration.reconnectJitter
            maxReconnectWait = max(configuration.maxReconnectWait, configuration.reconnectWait)
            shuffle = !configuration.noRandomize
            connectOptions = ConnectOptions(
                name: configuration.name,
                version: NATSClientVersion.string
            )
            connectOptions.echo = configuration.echo
            self.authentication = authentication
            wantsTLS = configuration.tls != nil || configuration.servers.contains { $0.scheme == .tls }
            tlsHandshakeFirst = configuration.tls?.handshakeFirst ?? false
            tlsServerName = configuration.tls?.serverName
            tlsFallbackName = configuration.servers.first { !$0.hostIsIPLiteral }?.host
        }
    }

    enum PongPurpose: Sendable, Equatable {
        case keepalive
        case flush
    }

    enum Phase: Sendable, Equatable {
        case tcp
        case tlsHandshake
        case awaitingInfo
        case awaitingPong
    }

    enum State: Sendable {
        case idle
        case connecting(server: ServerAddress, phase: Phase, generation: UInt64)
        case connected(server: ServerAddress, info: ServerInfo, generation: UInt64)
        case waitingToReconnect(generation: UInt64)
        /// The current socket is being closed on purpose; a new attempt follows its close.
        /// `wasConnected`: the handshake had completed (stale, lame duck, server error).
        case closingForReconnect(generation: UInt64, wasConnected: Bool)
        case closed(NATSClientError?)
    }

    enum Action: Sendable, Equatable {
        case none
        /// Open a socket to `server`; report `channelActive`/`connectFailed` with `generation`.
        case connect(ServerAddress, generation: UInt64, timeout: Duration)
        /// Write these bytes (CONNECT+PING, PONG, PING).
        case write(ByteBuffer)
        /// Put TLS in front of the socket of `generation`; report `tlsEstablished` when done.
        case startTLS(host: String, generation: UInt64)
        /// The handshake completed: resubscribe, flush buffered publishes, schedule keepalive
        /// PINGs every `pingInterval`, and send the PINGs of `pendingFlushes` queued flushes.
        case established(ServerInfo, server: ServerAddress, isReconnect: Bool, generation: UInt64)
        /// Close the socket of `generation`; `channelClosed` follows.
        case closeChannel(generation: UInt64, reason: NATSClientError)
        /// Wait, then report `reconnectTimerFired(generation)`.
        case scheduleReconnect(after: Duration, generation: UInt64)
        /// Resolve this many flushes (their PONGs arrived).
        case completeFlushes(Int)
        /// The connection is gone: fail flushes waiting on PONGs, tell listeners, maybe reconnect.
        case disconnected(reason: NATSClientError, failFlushes: Int, then: Next)
        /// An error the application should hear about; the connection stays up.
        case report(NATSClientError)
        /// The server announced lame duck mode; a reconnect to another server follows.
        case lameDuck(then: Next)
        /// Nothing more will happen: fail everything with this error (nil = closed on request).
        case closed(NATSClientError?, failFlushes: Int)

        /// What follows a lost connection.
        enum Next: Sendable, Equatable {
            case connect(ServerAddress, generation: UInt64, timeout: Duration)
            case scheduleReconnect(after: Duration, generation: UInt64)
            case closeChannel(generation: UInt64)
            case close(NATSClientError)
        }
    }

    private(set) var state: State = .idle {
        didSet {
            switch state {
            case .connected: (isConnected, isClosed) = (true, false)
            case .closed: (isConnected, isClosed) = (false, true)
            default: (isConnected, isClosed) = (false, false)
            }
        }
    }
    /// Kept beside `state` so that the hot path (every publish) reads Bools, not the enum.
    private(set) var isConnected = false
    private(set) var isClosed = false
    /// Why the client closed (nil while open, or when it closed on request). Part of the state,
    /// so whoever sees `isClosed` sees its cause in the same read.
    var closeError: NATSClientError? {
        if case .closed(let error) = state { return error }
        return nil
    }
    private(set) var pool: ServerPool
    private let configuration: Configuration
    private var random: SplitMix64
    private var generation: UInt64 = 0
    /// Attempts since the last successful connect, and full passes over the pool.
    private var attemptsSinceSuccess = 0
    private var roundsSinceSuccess = 0
    private var hasConnectedBefore = false
    private var pongQueue: Deque<PongPurpose> = []
    private var pingsOutstanding = 0
    /// Flushes requested while not connected; their PINGs go out after the handshake.
    private var queuedFlushes = 0
    /// The error that closed the last attempt, reported if the pool runs dry.
    private var lastError: NATSClientError?
    /// The INFO seen during the handshake, kept until its PONG.
    private var pendingInfo: ServerInfo?
    /// TLS is up on the current attempt's socket.
    private var tlsActive = false

    init(configuration: Configuration, servers: [ServerAddress], maxReconnectAttempts: Int?, seed: UInt64) {
        self.configuration = configuration
        var random = SplitMix64(seed: seed)
        self.pool = ServerPool(servers: servers, maxAttempts: maxReconnectAttempts, shuffle: configuration.shuffle, random: &random)
        self.random = random
    }

    /// The name TLS checks for `server`: a configured hostname for an IP learned from the cluster
    /// (servers advertise IPs in `connect_urls`, while certificates usually name hosts).
    func tlsName(for server: ServerAddress) -> String {
        if let name = configuration.tlsServerName { return name }
        if server.isImplicit, server.hostIsIPLiteral, let name = configuration.tlsFallbackName { return name }
        return server.host
    }

    var serverInfo: ServerInfo? {
        if case .connected(_, let info, _) = state { return info }
        return nil
    }

    // MARK: Events

    /// The client's run loop starts.
    mutating func start() -> Action {
        guard case .idle = state else { return .none }
        return connectNext()
    }

    /// TCP is up for attempt `generation`.
    mutating func channelActive(generation: UInt64) -> Action {
        guard case .connecting(let server, .tcp, generation) = state, generation == self.generation else { return .none }
        tlsActive = false
        pendingInfo = nil
        if configuration.tlsHandshakeFirst {
            // TLS before any byte (server option handshake_first); INFO then arrives over TLS.
            state = .connecting(server: server, phase: .tlsHandshake, generation: generation)
            return .startTLS(host: tlsName(for: server), generation: generation)
        }
        state = .connecting(server: server, phase: .awaitingInfo, generation: generation)
        return .none
    }

    /// The TLS handshake on the socket of `generation` completed.
    mutating func tlsEstablished(generation: UInt64) -> Action {
        guard case .connecting(let server, .tlsHandshake, generation) = state, generation == self.generation else { return .none }
        tlsActive = true
        guard let info = pendingInfo else {
            state = .connecting(server: server, phase: .awaitingInfo, generation: generation)
            return .none
        }
        return sendConnect(info, server: server, generation: generation)
    }

    /// The socket of `generation` could not be opened.
    mutating func connectFailed(generation: UInt64, error: NATSClientError) -> Action {
        guard case .connecting(_, .tcp, generation) = state, generation == self.generation else { return .none }
        lastError = error
        pool.recordFailure()
        return retry()
    }

    /// An INFO arrived on the socket of `generation`.
    mutating func infoReceived(_ info: ServerInfo, generation: UInt64) -> Action {
        guard generation == self.generation else { return .none }
        switch state {
        case .connecting(let server, .awaitingInfo, _):
            pool.update(connectURLs: info.connectURLs, scheme: server.scheme, shuffle: configuration.shuffle, random: &random)
            let wantsTLS = info.tlsRequired || configuration.wantsTLS || server.scheme == .tls
            if wantsTLS, !tlsActive {
                guard info.tlsRequired || info.tlsAvailable else {
                    return closeForRetry(generation: generation, error: NATSClientError(.tlsRequired, "TLS was requested but \(server) does not offer it"))
                }
                pendingInfo = info
                state = .connecting(server: server, phase: .tlsHandshake, generation: generation)
                return .startTLS(host: tlsName(for: server), generation: generation)
            }
            return sendConnect(info, server: server, generation: generation)
        case .connected(let server, _, _):
            pool.update(connectURLs: info.connectURLs, scheme: server.scheme, shuffle: configuration.shuffle, random: &random)
            state = .connected(server: server, info: info, generation: generation)
            if info.lameDuckMode, pool.count > 1 {
                state = .closingForReconnect(generation: generation, wasConnected: true)
                return .lameDuck(then: .closeChannel(generation: generation))
            }
            return .none
        default:
            return .none
        }
    }

    /// CONNECT (with credentials for `info`'s nonce) and PING; the PONG completes the handshake.
    private mutating func sendConnect(_ info: ServerInfo, server: ServerAddress, generation: UInt64) -> Action {
        var options = configuration.connectOptions
        options.tlsRequired = tlsActive
        do {
            try configuration.authentication.apply(to: &options, server: server, nonce: info.nonce)
        } catch {
            return fatal(error)
        }
        var buffer = ByteBuffer()
        buffer.writeConnect(options)
        buffer.writePing()
        pongQueue.append(.keepalive)
        pendingInfo = info
        state = .connecting(server: server, phase: .awaitingPong, generation: generation)
        return .write(buffer)
    }

    /// A PONG arrived on the socket of `generation`.
    mutating func pongReceived(generation: UInt64) -> Action {
        guard generation == self.generation else { return .none }
        let purpose = pongQueue.popFirst()
        pingsOutstanding = 0
        switch state {
        case .connecting(let server, .awaitingPong, _):
            // The handshake's PONG: connected.
            let info = pendingInfo ?? ServerInfo()
            pendingInfo = nil
            let isReconnect = hasConnectedBefore
            hasConnectedBefore = true
            pool.recordSuccess()
            attemptsSinceSuccess = 0
            roundsSinceSuccess = 0
            lastError = nil
            state = .connected(server: server, info: info, generation: generation)
            return .established(info, server: server, isReconnect: isReconnect, generation: generation)
        case .connected:
            return purpose == .flush ? .completeFlushes(1) : .none
        default:
            return .none
        }
    }

    /// A server PING: answer with PONG.
    func pingReceived(generation: UInt64) -> Action {
        guard generation == self.generation else { return .none }
        var buffer = ByteBuffer()
        buffer.writePong()
        return .write(buffer)
    }

    /// `-ERR` from the server on the socket of `generation`.
    mutating func errorReceived(_ text: String, generation: UInt64) -> Action {
        guard generation == self.generation else { return .none }
        let error = ServerErrorClassifier.classify(text)
        if error.code == .permissionsViolation || error.code == .serverError && !ServerErrorClassifier.closesConnection(text) {
            return .report(error)
        }
        switch state {
        case .connecting(_, _, let generation):
            if error.code == .authorizationViolation || error.code == .authenticationExpired || error.code == .authenticationTimeout {
                lastError = error
                pool.recordFailure(authError: text.lowercased())
                state = .closingForReconnect(generation: generation, wasConnected: false)
                return .closeChannel(generation: generation, reason: error)
            }
            return closeForRetry(generation: generation, error: error)
        case .connected(_, _, let generation):
            lastError = error
            state = .closingForReconnect(generation: generation, wasConnected: true)
            return .closeChannel(generation: generation, reason: error)
        default:
            return .none
        }
    }

    /// The bytes on the socket of `generation` broke the protocol: that socket is closed and the
    /// client reconnects (a server that sends garbage is treated like one that failed).
    mutating func decodeFailed(_ error: NATSProtocolError, generation: UInt64) -> Action {
        guard generation == self.generation else { return .none }
        let reason = NATSClientError(.protocolError, "the server sent bytes that break the protocol: \(error.detail)", underlying: error)
        switch state {
        case .connecting(_, _, let generation):
            return closeForRetry(generation: generation, error: reason)
        case .connected(_, _, let generation):
            lastError = reason
            state = .closingForReconnect(generation: generation, wasConnected: true)
            return .closeChannel(generation: generation, reason: reason)
        default:
            return .none
        }
    }

    /// The keepalive timer of `generation` fired.
    mutating func pingTimerFired(generation: UInt64) -> Action {
        guard case .connected = state, generation == self.generation else { return .none }
        if pingsOutstanding >= configuration.maxPingsOutstanding {
            let error = NATSClientError(.staleConnection, "\(pingsOutstanding) PINGs went unanswered")
            lastError = error
            state = .closingForReconnect(generation: generation, wasConnected: true)
            return .closeChannel(generation: generation, reason: error)
        }
        pingsOutstanding += 1
        pongQueue.append(.keepalive)
        var buffer = ByteBuffer()
        buffer.writePing()
        return .write(buffer)
    }

    /// The connect timeout of `generation` fired.
    mutating func connectTimeoutFired(generation: UInt64) -> Action {
        guard case .connecting(let server, let phase, generation) = state, generation == self.generation else { return .none }
        let error = NATSClientError(.timeout, "connecting to \(server) timed out (\(phase))")
        if phase == .tcp {
            lastError = error
            pool.recordFailure()
            return retry()
        }
        return closeForRetry(generation: generation, error: error)
    }

    /// A flush was requested: PING now, or after the handshake when not connected.
    mutating func flushRequested() -> Action {
        switch state {
        case .connected:
            pongQueue.append(.flush)
            var buffer = ByteBuffer()
            buffer.writePing()
            return .write(buffer)
        case .closed(let error):
            return .closed(error ?? .clientClosed, failFlushes: 1)
        default:
            queuedFlushes += 1
            return .none
        }
    }

    /// The PINGs of flushes queued while disconnected (sent right after `established`).
    mutating func takeQueuedFlushes() -> ByteBuffer? {
        guard case .connected = state, queuedFlushes > 0 else { return nil }
        var buffer = ByteBuffer()
        for _ in 0..<queuedFlushes {
            pongQueue.append(.flush)
            buffer.writePing()
        }
        queuedFlushes = 0
        return buffer
    }

    /// The socket of `generation` closed (by either side).
    mutating func channelClosed(generation: UInt64, error: NATSClientError?) -> Action {
        guard generation == self.generation else { return .none }
        let flushes = pongQueue.filter { $0 == .flush }.count
        pongQueue.removeAll()
        pingsOutstanding = 0
        switch state {
        case .connected:
            let reason = error ?? lastError ?? NATSClientError(.connectionClosed, "the server closed the connection")
            lastError = reason
            pool.rotate()
            return .disconnected(reason: reason, failFlushes: flushes, then: next(after: retry()))
        case .closingForReconnect(_, let wasConnected):
            let reason = lastError ?? error ?? NATSClientError(.connectionClosed, "connection closed")
            // A connection that was up (stale, lame duck, server error) moves to the back; a failed
            // attempt was already counted.
            if wasConnected { pool.rotate() }
            return .disconnected(reason: reason, failFlushes: flushes, then: next(after: retry()))
        case .connecting(_, let phase, _):
            let reason = error ?? NATSClientError(.connectionFailed, "the server closed the connection during the handshake (\(phase))")
            lastError = reason
            // A refused TLS handshake is as deterministic as a refused login: counted like one.
            pool.recordFailure(authError: reason.code == .tlsHandshakeFailed ? reason.detail : nil)
            return .disconnected(reason: reason, failFlushes: flushes, then: next(after: retry()))
        default:
            return .none
        }
    }

    /// The reconnect wait of `generation` ended.
    mutating func reconnectTimerFired(generation: UInt64) -> Action {
        guard case .waitingToReconnect(generation) = state, generation == self.generation else { return .none }
        return connectNext()
    }

    /// Close on request: the socket (if any) is closed and nothing reconnects.
    mutating func close() -> Action {
        let flushes = pongQueue.filter { $0 == .flush }.count + queuedFlushes
        pongQueue.removeAll()
        queuedFlushes = 0
        switch state {
        case .closed:
            return .none
        case .idle, .connecting, .connected, .closingForReconnect, .waitingToReconnect:
            state = .closed(nil)
            generation &+= 1  // late events of the old socket are now ignored
            return .closed(nil, failFlushes: flushes)
        }
    }

    // MARK: Helpers

    private mutating func connectNext() -> Action {
        guard let server = pool.next else {
            let error = NATSClientError(
                .allServersFailed,
                "every server was tried and failed",
                underlying: lastError
            )
            state = .closed(error)
            return .closed(error, failFlushes: queuedFlushes)
        }
        generation &+= 1
        attemptsSinceSuccess += 1
        state = .connecting(server: server, phase: .tcp, generation: generation)
        return .connect(server, generation: generation, timeout: configuration.connectTimeout)
    }

    /// After a failed attempt or a lost connection: the next server at once, or a back-off wait
    /// once every server of the pool was tried since the last success.
    private mutating func retry() -> Action {
        if pool.isEmpty { return connectNext() }
        if attemptsSinceSuccess >= pool.count {
            attemptsSinceSuccess = 0
            roundsSinceSuccess += 1
            generation &+= 1
            state = .waitingToReconnect(generation: generation)
            return .scheduleReconnect(after: backoff(), generation: generation)
        }
        return connectNext()
    }

    private mutating func closeForRetry(generation: UInt64, error: NATSClientError) -> Action {
        lastError = error
        pool.recordFailure()
        state = .closingForReconnect(generation: generation, wasConnected: false)
        return .closeChannel(generation: generation, reason: error)
    }

    private mutating func fatal(_ error: NATSClientError) -> Action {
        state = .closed(error)
        let flushes = pongQueue.filter { $0 == .flush }.count + queuedFlushes
        pongQueue.removeAll()
        queuedFlushes = 0
        generation &+= 1
        return .closed(error, failFlushes: flushes)
    }

    private func next(after action: Action) -> Action.Next {
        switch action {
        case .connect(let server, let generation, let timeout): .connect(server, generation: generation, timeout: timeout)
        case .scheduleReconnect(let after, let generation): .scheduleReconnect(after: after, generation: generation)
        case .closed(let error, _): .close(error ?? .clientClosed)
        default: .close(NATSClientError(.connectionClosed, "unexpected reconnect state"))
        }
    }

    /// `reconnectWait × 2^(rounds-1)`, capped, plus up to `reconnectJitter` of random delay.
    private mutating func backoff() -> Duration {
        let exponent = min(roundsSinceSuccess - 1, 16)
        var wait = configuration.reconnectWait * (1 << max(0, exponent))
        if wait > configuration.maxReconnectWait { wait = configuration.maxReconnectWait }
        let jitterNanos = configuration.reconnectJitter.nanoseconds
        if jitterNanos > 0 {
            wait += .nanoseconds(Int64.random(in: 0...jitterNanos, using: &random))
        }
        return wait
    }
}

extension Duration {
    /// Whole nanoseconds, saturating at `Int64` bounds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow2 ? (seconds < 0 ? .min : .max) : sum
    }
}
