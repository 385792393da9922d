import DequeModule
import NIOCore
import Wire

/// Everything mutable about a client, kept in one value behind one lock.
struct ClientCore: Sendable {
    struct SubscriptionEntry: Sendable {
        let subject: String
        let queueGroup: String?
        /// Total deliveries after which the subscription ends (auto-unsubscribe).
        var maxMessages: UInt64?
        var delivered: UInt64 = 0
        let sink: SubscriptionSink
    }

    /// A request from registration to its reply, timeout or cancellation. The reply may arrive
    /// before the caller starts waiting (`answered`).
    enum PendingRequest: Sendable {
        case registered(timer: Scheduled<Void>)
        case waiting(CheckedContinuation<NATSMessage, any Error>, timer: Scheduled<Void>)
        case answered(Result<NATSMessage, any Error>)
    }

    var machine: ConnectionStateMachine
    /// The socket of the current attempt, once it is open.
    var channel: (any Channel)?
    var channelGeneration: UInt64 = 0

    /// Encoded frames not yet handed to the channel (also the reconnect buffer while disconnected).
    var outbound = ByteBuffer()
    /// The frames last handed to the channel. Once the channel has written them and let go, the
    /// next turn's frames are written into the same storage: its pages are already in use,
    /// where a new buffer each turn cost page faults under load (`clear_page` in the kernel).
    var lastFlushed = ByteBuffer()
    var flushScheduled = false
    var channelWritable = true
    /// Publishers waiting for room in `outbound`.
    var spaceWaiters = WaiterQueue<Void>()
    /// A `flush()` caller; its continuation is taken when it times out or is cancelled, and the
    /// slot stays until its PONG so that PONGs and callers stay paired.
    struct FlushWaiter: Sendable {
        let id: UInt64
        var continuation: CheckedContinuation<Void, any Error>?
        var timer: Scheduled<Void>?
    }

    /// `flush()` callers, in PING order.
    var flushWaiters: Deque<FlushWaiter> = []
    var nextWaiterID: UInt64 = 1

    var subscriptions: [UInt64: SubscriptionEntry] = [:]
    var nextSid: UInt64 = 1

    /// The request/reply wildcard subscription, created with the first request.
    var muxSid: UInt64?
    let muxPrefix: String
    var nextRequestID: UInt64 = 1
    var requests: [UInt64: PendingRequest] = [:]

    /// `run()` waiting for the client to close (or for a shutdown request).
    var runWaiter: CheckedContinuation<Void, Never>?
    var shutdownRequested = false
    /// Draining: no new subscriptions; `refusesPublishes` once the subscriptions are drained.
    var isDraining = false
    var refusesPublishes = false
    /// Bytes still in `outbound` when the client closed: publishes that never left.
    var unsentBytesAtClose = 0
    /// The last publish subject that passed validation.
    var lastValidatedSubject: String?
    /// Largest payload the server accepts (from INFO).
    var maxPayload = 1024 * 1024
    /// The causes of permissions violations already logged at warning level (see `report`).
    var reportedViolations: Set<String> = []

    init(machine: ConnectionStateMachine, muxPrefix: String) {
        self.machine = machine
        self.muxPrefix = muxPrefix
    }

    var isClosed: Bool { machine.isClosed }

    /// The close's cause, read from the machine's closed state: `run()` may see the client closed
    /// before `closed(_:)` has failed the waiters, and must still throw the cause.
    var closeError: NATSClientError? { machine.closeError }

    /// What a call on the closed client throws: the close's cause, or `.clientClosed`.
    var closedError: NATSClientError { closeError ?? .clientClosed }

    /// The SUB (and UNSUB for remaining auto-unsubscribe counts) frames that restore every
    /// subscription after a reconnect, with the same sids.
    func resubscribeFrames() -> ByteBuffer {
        var buffer = ByteBuffer()
        for (sid, entry) in subscriptions.sorted(by: { $0.key < $1.key }) {
            buffer.writeSubscribe(subject: entry.subject, queueGroup: entry.queueGroup, sid: sid)
            if let max = entry.maxMessages, max > entry.delivered {
                buffer.writeUnsubscribe(sid: sid, maxMessages: max - entry.delivered)
            }
        }
        return buffer
    }
}
