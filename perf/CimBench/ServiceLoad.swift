import BenchKit
import DequeModule
import Dispatch
import NATS
import NIOCore
import Synchronization
import Wire

/// The load engine of `cim-bench service`: sends planned commands as requests with numbered
/// reply subjects on one inbox subscription, matches each reply to its command, and keeps the
/// figures. A closed loop keeps `concurrency` commands in flight (each reply, timeout or failure
/// sends the next); an open loop sends on the `Pacer`'s schedule and measures latency from each
/// command's intended send time.
final class ServiceLoad: Sendable {
    enum Loop: Sendable {
        case closed(concurrency: Int)
        case open(rate: Double, maxInFlight: Int)
    }

    /// Where the commands come from: a fixed list (the population's creates), or the scheduler.
    enum Source: Sendable {
        case list([PlannedCommand])
        case scheduler
    }

    struct Pending: Sendable {
        var command: PlannedCommand
        /// When it was meant to go (open loop) or went (closed loop): latency starts here.
        var intended: UInt64
        var sentAt: UInt64
        var measured: Bool
    }

    /// What one phase measured (commands whose intended time fell in the measuring window).
    struct Figures: Sendable {
        var sent = 0
        var answered = 0
        var persisted = 0
        var errors = ErrorCounts()
        var latencies = LatencyHistogram()
        var lateReplies = 0
        var failureSamples: [String] = []
        var windowStart: UInt64 = 0
        var windowEnd: UInt64 = 0
        var seconds: Double { windowEnd > windowStart ? Double(windowEnd - windowStart) / 1e9 : 0 }
    }

    struct State: Sendable {
        var scheduler: CommandScheduler
        var source = Source.scheduler
        var listIndex = 0
        var pending: [UInt64: Pending] = [:]
        /// Tokens in the order sent (so also by send time): timeouts are found from the front.
        var sendOrder: Deque<(token: UInt64, sentAt: UInt64)> = []
        var nextToken: UInt64 = 1
        /// Commands sent before this instant are not measured; from `windowEnd` on none is sent.
        var windowStart: UInt64 = .max
        var windowEnd: UInt64 = .max
        /// `--commands N`: at most N sends in this phase.
        var sendLimit = Int.max
        var sentInPhase = 0
        var figures = Figures()
        /// Over the whole run (every phase): commands answered as stored, and each aggregate's
        /// versions answered as stored (for the oracle).
        var persistedTotal = 0
        var acknowledged: [String: [Int]] = [:]
        /// Over the whole run: commands that timed out, could not be sent or got a store error
        /// (stored or not: unknown).
        var uncertainTotal = 0
        /// `cim-bench chaos`: every outcome by send time (served or not), for the recovery times.
        var timeline: OutcomeTimeline?
        var stopping = false
        /// `stop()` was called (Ctrl-C): every phase from then on ends at once.
        var stopRequested = false
        /// A closed loop sends a command for each one that ends (reply, timeout, failure).
        var closedLoop = false
    }

    let client: NATSClient
    let workload: DomainWorkload
    let timeoutNanos: UInt64
    /// `Cim-Timeout-Ms`: the service answers a command still queued when the bench stops
    /// waiting `deadline_exceeded` instead of running it (as a real client should say); `nil`
    /// with `--no-timeout-header`.
    let headers: NATSHeaderFields?
    let inbox: String
    let state: Mutex<State>

    init(client: NATSClient, workload: DomainWorkload, scheduler: CommandScheduler, timeout: Duration, sendsTimeout: Bool) {
        self.client = client
        self.workload = workload
        let (seconds, attoseconds) = timeout.components
        timeoutNanos = UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
        var headers = NATSHeaderFields()
        headers.append("Cim-Timeout-Ms", "\(min(max(timeoutNanos / 1_000_000, 1), 3_600_000))")
        self.headers = sendsTimeout ? headers : nil
        inbox = "_INBOX.bench." + String(UInt64.random(in: 1...UInt64.max), radix: 36)
        state = Mutex(State(scheduler: scheduler))
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    // MARK: Phases

    /// Runs one phase: `loop` over `source` until `stop` says so (the caller ends the window),
    /// then waits for the commands in flight (at most the timeout). Returns the phase's figures.
    ///
    /// - Parameters:
    ///   - warmup: nanoseconds from the start before the measuring window opens.
    ///   - duration: the window's length in nanoseconds (nil: until the source or `limit` is exhausted).
    ///   - limit: at most this many commands (`--commands`).
    func runPhase(
        loop: Loop, source: Source, warmup: UInt64, duration: UInt64?, limit: Int?, progress: ProgressReporter?
    ) async throws -> Figures {
        let start = Self.now()
        state.withLock { state in
            state.source = source
            state.listIndex = 0
            state.figures = Figures()
            state.stopping = state.stopRequested
            state.sentInPhase = 0
            state.sendLimit = limit ?? Int.max
            state.windowStart = start + warmup
            state.windowEnd = state.stopRequested ? start + warmup : duration.map { start + warmup + $0 } ?? .max
            if case .closed = loop { state.closedLoop = true } else { state.closedLoop = false }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.sweepTimeouts() }
            if let progress { group.addTask { await progress.run(load: self) } }
            switch loop {
            case .closed(let concurrency):
                for _ in 0..<concurrency { try await sendNext() }
                try await waitUntilDone()
            case .open(let rate, let maxInFlight):
                try await pace(rate: rate, maxInFlight: maxInFlight, start: start)
                try await waitUntilDone()
            }
            group.cancelAll()
        }
        return state.withLock { state in
            var figures = state.figures
            figures.windowStart = state.windowStart
            return figures
        }
    }

    /// Ends the phase early (Ctrl-C): no more sends; the window closes now.
    func stop() {
        state.withLock { state in
            state.stopping = true
            state.stopRequested = true
            let now = Self.now()
            if state.windowEnd > now { state.windowEnd = max(now, state.windowStart) }
        }
    }

    /// Waits until nothing is in flight and nothing more will be sent.
    private func waitUntilDone() async throws {
        while true {
            let done = state.withLock { state in
                if !state.stopping, Self.now() >= state.windowEnd { state.stopping = true }
                return state.stopping && state.pending.isEmpty || (state.pending.isEmpty && exhausted(state))
            }
            if done { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        state.withLock { state in
            if state.windowEnd == .max { state.windowEnd = Self.now() }
            state.figures.windowEnd = state.windowEnd
            state.closedLoop = false
        }
    }

    private func exhausted(_ state: State) -> Bool {
        if state.sentInPhase >= state.sendLimit { return true }
        if case .list(let commands) = state.source { return state.listIndex >= commands.count }
        return false
    }

    // MARK: Sending

    /// Takes the next command and registers it as pending (nil when the phase sends no more).
    private func take(intended: UInt64?) -> (token: UInt64, command: PlannedCommand)? {
        state.withLock { state -> (UInt64, PlannedCommand)? in
            let now = Self.now()
            if state.stopping || now >= state.windowEnd || exhausted(state) {
                state.stopping = state.stopping || now >= state.windowEnd
                return nil
            }
            let command: PlannedCommand
            switch state.source {
            case .list(let commands):
                command = commands[state.listIndex]
                state.listIndex += 1
            case .scheduler:
                command = state.scheduler.next()
            }
            let token = state.nextToken
            state.nextToken += 1
            state.sentInPhase += 1
            let intended = intended ?? now
            let measured = intended >= state.windowStart
            if measured { state.figures.sent += 1 }
            state.pending[token] = Pending(command: command, intended: intended, sentAt: now, measured: measured)
            state.sendOrder.append((token, now))
            return (token, command)
        }
    }

    /// Sends the next command of a closed loop (or nothing, when the phase is over). A command
    /// that cannot be sent (the connection is down and its buffer full) is counted, and the next
    /// one goes after a short pause, so the loop keeps its concurrency without spinning.
    private func sendNext() async throws {
        while let (token, command) = take(intended: nil) {
            if await publish(token: token, command: command) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Publishes one command; false (and counted) when it could not be sent.
    @discardableResult
    private func publish(token: UInt64, command: PlannedCommand) async -> Bool {
        let (subject, json) =
            command.kind == .create ? workload.create(id: command.id) : workload.update(id: command.id, variant: command.variant)
        do {
            try await client.publish(ByteBuffer(string: json), to: subject, replyPrefix: inbox + ".", replyNumber: token, headers: headers)
            return true
        } catch {
            if let pending = state.withLock({ $0.pending.removeValue(forKey: token) }) {
                record(pending, outcome: .failed("publishing to \(subject) failed: \(error)"), at: Self.now())
            }
            return false
        }
    }

    /// The open loop: sends what the pacer says is due, keeping at most `maxInFlight` in flight
    /// (late commands keep their intended time), until the window closes.
    private func pace(rate: Double, maxInFlight: Int, start: UInt64) async throws {
        var pacer = Pacer(rate: rate, start: start)
        while true {
            let now = Self.now()
            var due = pacer.due(at: now)
            while due > 0 {
                let inFlight = state.withLock { $0.pending.count }
                guard inFlight < maxInFlight else { break }
                let intended = pacer.intendedTime(of: pacer.issued)
                guard let (token, command) = take(intended: intended) else { return }
                _ = pacer.take()
                await publish(token: token, command: command)
                due -= 1
            }
            if state.withLock({ $0.stopping || Self.now() >= $0.windowEnd }) { return }
            let wait = pacer.nextDeadline > now ? min(pacer.nextDeadline - now, 1_000_000) : 50_000
            try await Task.sleep(for: .nanoseconds(Int64(wait)))
        }
    }

    // MARK: Replies

    enum Outcome {
        case reply(DomainWorkload.Outcome)
        case timedOut
        case failed(String)
    }

    /// Reads the inbox until cancelled: each reply is matched to its command by the number at
    /// the end of its subject.
    func receive(_ subscription: NATSSubscription) async throws {
        for try await message in subscription {
            let now = Self.now()
            guard let token = Self.token(of: message.subject) else { continue }
            guard let pending = state.withLock({ $0.pending.removeValue(forKey: token) }) else {
                state.withLock { $0.figures.lateReplies += 1 }
                continue
            }
            if message.status?.code == NATSStatus.noResponders {
                // The server's answer while no replica listens (all restarting): not sent to one.
                record(pending, outcome: .failed("no responders on \(pending.command.kind == .create ? "the create" : "the update") subject"), at: now)
            } else {
                record(pending, outcome: .reply(workload.classify(message.payload.readableBytesView)), at: now)
            }
            if state.withLock({ $0.closedLoop }) { try await sendNext() }
        }
    }

    /// Counts expired commands as timeouts (a closed loop sends the next in their place).
    private func sweepTimeouts() async throws {
        while true {
            try await Task.sleep(for: .milliseconds(50))
            let now = Self.now()
            let expired = state.withLock { state -> [Pending] in
                var expired: [Pending] = []
                while let first = state.sendOrder.first {
                    guard state.pending[first.token] != nil else {
                        state.sendOrder.removeFirst()  // answered already
                        continue
                    }
                    guard now &- first.sentAt > timeoutNanos else { break }
                    state.sendOrder.removeFirst()
                    expired.append(state.pending.removeValue(forKey: first.token)!)
                }
                return expired
            }
            for pending in expired {
                record(pending, outcome: .timedOut, at: now)
                if state.withLock({ $0.closedLoop }) { try await sendNext() }
            }
        }
    }

    private func record(_ pending: Pending, outcome: Outcome, at now: UInt64) {
        let command = pending.command
        var stored: Int?
        var kind: ErrorCounts.Kind?
        var code: String?
        var sample: String?
        switch outcome {
        case .reply(.stored(let version)):
            if let expected = command.expectedVersion, version != expected {
                kind = .wrongReply
                sample = "\(command.kind) of \(command.id) answered version \(version), expected \(expected)"
            } else if command.expectedVersion == nil, version < 2 {
                kind = .wrongReply
                sample = "an update of \(command.id) answered version \(version)"
            } else {
                stored = version
            }
        case .reply(.refused(let refusal)):
            code = refusal
        case .reply(.malformed):
            kind = .wrongReply
            sample = "a reply to a \(command.kind) of \(command.id) has neither the success nor the error shape"
        case .timedOut:
            kind = .timeouts
        case .failed(let text):
            kind = .transport
            sample = text
        }
        let refusedKind = code.map(ErrorCounts.kind(ofCode:))
        state.withLock { state in
            state.scheduler.answered(command, stored: stored != nil)
            if kind == .timeouts || kind == .transport || refusedKind == .store { state.uncertainTotal += 1 }
            if state.timeline != nil {
                let unavailable = kind == .timeouts || kind == .transport || refusedKind == .busy || refusedKind == .store
                state.timeline!.record(sentAt: pending.sentAt, available: !unavailable)
            }
            if let stored {
                state.persistedTotal += 1
                state.acknowledged[command.id, default: []].append(stored)
            }
            guard pending.measured else { return }
            if kind != .timeouts { state.figures.answered += kind == .transport ? 0 : 1 }
            if stored != nil {
                state.figures.persisted += 1
                state.figures.latencies.record(microseconds: (now &- pending.intended) / 1000)
            } else if let code {
                state.figures.errors.refused(code)
            } else if let kind {
                state.figures.errors.count(kind)
            }
            if let sample, state.figures.failureSamples.count < 5 { state.figures.failureSamples.append(sample) }
        }
    }

    /// The number after the last `.` of a reply subject (nil if it is not a number).
    static func token(of subject: ByteBuffer) -> UInt64? {
        let bytes = subject.readableBytesView
        var value: UInt64 = 0
        var multiplier: UInt64 = 1
        var digits = 0
        for byte in bytes.reversed() {
            if byte == UInt8(ascii: ".") { break }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 19 else { return nil }
            value += UInt64(byte - UInt8(ascii: "0")) * multiplier
            multiplier *= 10
            digits += 1
        }
        return digits == 0 ? nil : value
    }

    // MARK: Reading

    /// For the progress line: commands in flight, answered as stored over the run (warm-up
    /// included), and the window's errors and p99 so far.
    func snapshot() -> (inFlight: Int, persisted: Int, errors: Int, p99: UInt64, windowStart: UInt64, windowEnd: UInt64) {
        state.withLock { state in
            (state.pending.count, state.persistedTotal, state.figures.errors.total, state.figures.latencies.value(at: 99), state.windowStart, state.windowEnd)
        }
    }
}
