import ArgumentParser
import BenchKit
import Dispatch
import Foundation
import NATS
import NIOCore
import Synchronization
import TestSupport
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// One `cim-bench service` run: the embedded server and service (when no URL was given), the
/// setup, the load phases, the oracle, the report, and the cleanup on every path.
struct ServiceRun {
    let options: ServiceBench

    var workload: DomainWorkload { DomainWorkload(domain: DomainWorkload.Domain(rawValue: options.domain)!, payloadBytes: options.payloadBytes) }

    /// The service's environment (embedded), as KEY=VALUE pairs given, plus what cim-bench sets.
    var serviceEnvironment: [String: String] {
        var variables = ["HTTP_PORT": "0", "LOG_LEVEL": "warning"]
        for entry in options.serviceEnv {
            let parts = entry.split(separator: "=", maxSplits: 1)
            variables[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return variables
    }

    func run() async throws {
        let plan = try options.loadPlan()
        let embedded = options.server.explicitURL == nil
        let interrupt = InterruptWatcher()
        interrupt.start()
        defer { interrupt.stop() }
        var localServer: LocalServer?
        var service: LocalService?
        var report: LoadReport
        do {
            var url: String?
            // What the embedded service was given: the caller's settings over the server's defaults.
            var given: [String: String] = [:]
            if embedded {
                let server = try await LocalServer.start(sync: options.serverSync ?? .default)
                localServer = server
                url = server.url
                interrupt.children.withLock { $0.append(server.server.processIdentifier ?? 0) }
                let name = "\(options.domain)-service"
                let executable = try LocalService.executable(name, explicit: options.serviceBin)
                given = server.serviceEnvironment(serviceEnvironment, command: "service")
                var variables = given
                variables["NATS_URL"] = server.url
                let arguments = options.serviceArg.map { $0.replacingOccurrences(of: "{url}", with: server.url) }
                service = try LocalService(
                    name: URL(fileURLWithPath: executable).lastPathComponent, executable: executable, arguments: arguments,
                    environment: variables, logPath: server.server.directory + "/service.log")
                interrupt.children.withLock { $0.append(service!.process.processIdentifier) }
                printError("cim-bench service: started nats-server \(server.version) (sync \(server.sync.rawValue)) on \(server.url) and \(executable)")
            }
            report = try await measure(plan: plan, url: url, service: service, interrupt: interrupt)
            if let server = localServer {
                report.server = LoadReport.Server(version: server.version, sync: server.sync.rawValue, origin: "embedded")
                report.service.merge(given.merging(["binary": service.map { $0.name } ?? "?"]) { $1 }) { announced, _ in announced }
            }
            if let service, options.serviceStop == .kill {
                await service.kill()
            } else if let service {
                let status = await service.terminate()
                if status != 0 {
                    report.fail("\(service.name) did not stop cleanly on SIGTERM (\(status.map { "exit status \($0)" } ?? "killed after 60 s")):\n\(service.logTail())")
                }
            }
        } catch {
            if let service { await service.kill() }
            await localServer?.stop()
            throw error
        }
        await localServer?.stop()
        try emit(report, command: "service", json: options.server.json, markdown: options.markdown)
    }

    /// Connects, runs the setup and the load, reads the oracle; the report.
    private func measure(plan: ServiceBench.LoadPlan, url: String?, service: LocalService?, interrupt: InterruptWatcher) async throws -> LoadReport {
        let configuration = try options.server.configuration(overrideURL: url)
        let client = try NATSClient(configuration: configuration)
        let workload = self.workload
        let stream = options.stream.map { $0 == "none" ? "" : $0 } ?? workload.stream
        let seed = options.seed ?? UInt64(truncatingIfNeeded: DispatchTime.now().uptimeNanoseconds)
        let scheduler: CommandScheduler
        do {
            scheduler = try CommandScheduler(keySpace: options.keySpace, seed: seed)
        } catch {
            throw ValidationError(error.description)
        }
        let load = ServiceLoad(client: client, workload: workload, scheduler: scheduler, timeout: .milliseconds(Int64(options.timeout * 1000)), sendsTimeout: options.timeoutHeader)
        var report = LoadReport(label: options.label ?? "\(options.domain)-service", workload: describeWorkload(plan: plan), commandLine: Self.commandLine)
        report.machine = .current()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            try await client.waitUntilConnected(timeout: .seconds(10))
            if let service { try await service.waitUntilServing(client: client, subject: workload.create(id: "00000000-0000-4000-8000-000000000000").subject) }
            if url == nil {
                let version = client.serverInfo?.version ?? "unknown"
                report.server = LoadReport.Server(version: version, sync: options.serverSync?.rawValue ?? "unknown", origin: "external")
            }
            // The service's own account of its settings ($SRV.INFO), when it has one (svc_c has not).
            if let info = try await Self.serviceInfo(client: client, name: "\(options.domain)-service") {
                report.service.merge(info) { _, announced in announced }
            }
            let js = try JetStream(client: client)
            let storedBefore = stream.isEmpty ? 0 : try await js.streamInfo(stream).state.messages
            let subscription = try await client.subscribe(to: load.inbox + ".*")
            group.addTask { try await load.receive(subscription) }
            interrupt.onInterrupt { load.stop() }

            // The population, created before anything is measured.
            let setup = scheduler.setup
            if !setup.isEmpty {
                printError("cim-bench service: creating \(setup.count) aggregates")
                let figures = try await load.runPhase(
                    loop: .closed(concurrency: min(options.concurrency, 512)), source: .list(setup), warmup: 0, duration: nil, limit: nil, progress: nil)
                guard figures.persisted == setup.count, !interrupt.interrupted else {
                    report.fail("setup: \(figures.persisted) of \(setup.count) creates were stored (errors: \(figures.errors.summary); \(figures.failureSamples.joined(separator: "; ")))")
                    try await subscription.unsubscribe()
                    try await client.drain()
                    return report
                }
            }

            let warmup = options.commands > 0 ? 0 : UInt64(options.warmup * 1e9)
            let duration: UInt64? = options.commands > 0 ? nil : UInt64(options.duration * 1e9)
            let limit: Int? = options.commands > 0 ? options.commands : nil
            let total: Double? = options.commands > 0 ? nil : options.warmup + options.duration
            let progress = options.progressInterval > 0 || ProgressReporter.standardErrorIsTerminal
                ? ProgressReporter(totalSeconds: total, plainInterval: options.progressInterval > 0 ? options.progressInterval : .infinity) : nil
            var figures: ServiceLoad.Figures
            switch plan {
            case .closed(let concurrency):
                figures = try await load.runPhase(loop: .closed(concurrency: concurrency), source: .scheduler, warmup: warmup, duration: duration, limit: limit, progress: progress)
            case .open(let rate):
                figures = try await load.runPhase(
                    loop: .open(rate: rate, maxInFlight: options.maxInFlight), source: .scheduler, warmup: warmup, duration: duration, limit: limit, progress: progress)
            case .ramp(let ramp):
                var steps: [RateRamp.Step] = []
                var held: ServiceLoad.Figures?
                var last = ServiceLoad.Figures()
                for rate in ramp.rates {
                    printError("cim-bench service: ramp step \(LoadReport.number(rate)) commands/s")
                    last = try await load.runPhase(
                        loop: .open(rate: rate, maxInFlight: options.maxInFlight), source: .scheduler, warmup: warmup, duration: duration, limit: nil, progress: progress)
                    let step = RateRamp.judge(
                        rate: rate, achieved: last.seconds > 0 ? Double(last.persisted) / last.seconds : 0, p99Us: last.latencies.value(at: 99),
                        errors: last.errors.total, sent: last.sent, p99BoundUs: UInt64(options.p99BoundMilliseconds * 1000),
                        allowedErrorRatio: options.allowedErrors)
                    steps.append(step)
                    if step.held { held = last }
                    if !step.held || interrupt.interrupted { break }
                }
                report.ramp = steps
                report.rampMaxRate = RateRamp.highestHeld(steps)
                figures = held ?? last
                // The figures reported are the highest held step's (or the first step's, if none held).
                report.workload.rate = report.rampMaxRate ?? steps.first?.rate
            }
            try await subscription.unsubscribe()
            let answered = load.state.withLock { ($0.persistedTotal, $0.acknowledged) }
            fill(&report, figures: figures, plan: plan)
            report.answeredPersistedTotal = answered.0
            if !stream.isEmpty {
                printError("cim-bench service: the oracle reads \(stream)")
                let verdict = try await ServiceOracle.check(js: js, stream: stream, prefix: workload.eventPrefix, acknowledged: answered.1)
                report.oracle = verdict
                if !verdict.pass { report.fail("the oracle failed: \(verdict.summary)") }
                if url != nil {
                    // Our own server: the stream's growth must be the commands answered as stored
                    // (more only if a command timed out and was stored after all).
                    let stored = Int(try await js.streamInfo(stream).state.messages - storedBefore)
                    report.storedTotal = stored
                    let uncertain = load.state.withLock { $0.uncertainTotal }
                    if uncertain == 0 ? stored != answered.0 : stored < answered.0 {
                        report.fail("the stream stored \(stored) events, \(answered.0) commands were answered as stored")
                    }
                }
            }
            try await client.drain()
            if interrupt.interrupted { report.fail("interrupted (Ctrl-C): the figures cover the load until then") }
            return report
        }
    }

    /// The report's figures from a phase, and the run's failures.
    private func fill(_ report: inout LoadReport, figures: ServiceLoad.Figures, plan: ServiceBench.LoadPlan) {
        report.record(figures)
        if figures.persisted == 0 { report.fail("no command was answered as stored") }
        if figures.errors.transport > 0 { report.fail("\(figures.errors.transport) requests could not be sent: \(figures.failureSamples.joined(separator: "; "))") }
        let errors = figures.errors.total - figures.errors.wrongReply - figures.errors.transport
        if case .ramp = plan {} else if Double(errors) > options.allowedErrors * Double(max(figures.sent, 1)) {
            report.fail("\(errors) of \(figures.sent) measured commands got an error (\(figures.errors.summary)); --allowed-errors is \(options.allowedErrors)")
        }
    }

    private func describeWorkload(plan: ServiceBench.LoadPlan) -> LoadReport.Workload {
        var workload = LoadReport.Workload(
            domain: options.domain, loop: "closed", keySpace: options.aggregates == 0 ? "fresh" : "population", aggregates: options.aggregates,
            distribution: options.aggregates == 0 ? "fresh" : options.distribution, payloadBytes: options.payloadBytes,
            warmupSeconds: options.commands > 0 ? 0 : options.warmup)
        switch plan {
        case .closed(let concurrency): workload.concurrency = concurrency
        case .open(let rate):
            workload.loop = "open"
            workload.rate = rate
        case .ramp(let ramp):
            workload.loop = "open"
            workload.rate = ramp.rates.first
        }
        if options.distribution == "zipf" { workload.zipfS = options.zipfS }
        if options.aggregates == 0 { workload.updates = options.updates } else { workload.creates = options.creates }
        if options.commands > 0 { workload.commands = options.commands } else { workload.durationSeconds = options.duration }
        if options.timeoutHeader { workload.timeoutHeaderMs = Int(options.timeout * 1000) }
        return workload
    }

    /// `$SRV.INFO.<name>`'s version and metadata (one replica's answer), or nil when no replica
    /// answers within two seconds.
    static func serviceInfo(client: NATSClient, name: String) async throws -> [String: String]? {
        struct Info: Decodable {
            var version: String?
            var metadata: [String: String]?
        }
        let reply: NATSMessage
        do {
            reply = try await client.request(ByteBuffer(), to: "$SRV.INFO.\(name)", timeout: .seconds(2))
        } catch let error as NATSClientError where error.code == .noResponders || error.code == .timeout {
            return nil
        }
        guard let info = try? JSONDecoder().decode(Info.self, from: Data(reply.payload.readableBytesView)) else {
            return ["srv_info": "unreadable"]
        }
        var values = info.metadata ?? [:]
        if let version = info.version { values["version"] = version }
        return values
    }

    static var commandLine: String {
        CommandLine.arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
    }
}

/// Ctrl-C (SIGINT) or SIGTERM: the first stops the load early (it still reports); the second
/// kills the processes cim-bench started and exits 130. Watching starts before anything is
/// started, so no interrupt can leave a server or service behind.
final class InterruptWatcher: Sendable {
    let children = Mutex<[Int32]>([])
    private struct State {
        var count = 0
        var sources: [any DispatchSourceSignal] = []
        var handler: (@Sendable () -> Void)?
    }
    private let state = Mutex(State())

    var interrupted: Bool { state.withLock { $0.count > 0 } }

    func start() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            state.withLock { state in
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [self] in interrupt() }
                source.resume()
                state.sources.append(source)
            }
        }
    }

    private func interrupt() {
        let (count, handler) = state.withLock { state in
            state.count += 1
            return (state.count, state.handler)
        }
        if count == 1 {
            printError("\ncim-bench: stopping early (again to abort)")
            handler?()
        } else {
            for pid in children.withLock({ $0 }) where pid > 0 { kill(pid, SIGKILL) }
            exit(130)
        }
    }

    /// What the first interrupt does (at once, if it came already).
    func onInterrupt(_ handler: @escaping @Sendable () -> Void) {
        let already = state.withLock { state in
            state.handler = handler
            return state.count > 0
        }
        if already { handler() }
    }

    func stop() {
        state.withLock { state in
            for source in state.sources { source.cancel() }
            state.sources = []
        }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
