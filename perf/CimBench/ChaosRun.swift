import ArgumentParser
import BenchKit
import Dispatch
import Foundation
import NATS
import Synchronization
import TestSupport
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// One `cim-bench chaos` run: its own servers and replicas, the population, the load with the
/// faults injected on schedule, the oracle, the report, and the cleanup on every path.
struct ChaosRun {
    let options: ChaosBench
    let schedule: ChaosSchedule

    var workload: DomainWorkload { DomainWorkload(domain: DomainWorkload.Domain(rawValue: options.domain)!) }
    var streamReplicas: Int { options.scenario.nodes >= 3 ? 3 : 1 }

    /// The replicas' environment: the caller's `--service-env` over what the scenario needs.
    var serviceEnvironment: [String: String] {
        var variables = ["LOG_LEVEL": "warning", "STREAM_REPLICAS": String(streamReplicas)]
        // overload: a small mailbox, so that the load fills it.
        if options.scenario == .overload { variables["MAILBOX_CAPACITY"] = "64" }
        for entry in options.serviceEnv {
            let parts = entry.split(separator: "=", maxSplits: 1)
            variables[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return variables
    }

    func run() async throws {
        let interrupt = InterruptWatcher()
        interrupt.start()
        defer { interrupt.stop() }
        let executable = try LocalService.executable("\(options.domain)-service", explicit: options.serviceBin)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cim-chaos-" + String(UInt64.random(in: 1...UInt64.max), radix: 36)).path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BenchFailure("cannot create the run's directory \(directory): \(error)")
        }
        var store: TmpfsStore?
        if options.scenario == .diskFull {
            store = try TmpfsStore.mount(at: directory + "/store", mebibytes: options.storeMiB)
        }
        let network: ChaosNetwork?
        do {
            network = options.scenario == .partition ? try ChaosNetwork.create(nodes: options.scenario.nodes) : nil
        } catch {
            store?.unmount()
            throw error
        }
        let deployment: ChaosDeployment
        do {
            deployment = try await ChaosDeployment.start(
                nodes: options.scenario.nodes, sync: options.serverSync, storeDirectory: store?.path, network: network, directory: directory,
                serviceExecutable: executable, environment: serviceEnvironment)
        } catch {
            network?.remove()
            store?.unmount()
            throw error
        }
        interrupt.children.withLock { $0 = deployment.processIdentifiers }
        printError(
            "cim-bench chaos: \(options.scenario.rawValue): \(deployment.nodes.count) nats-server node(s) \(deployment.nodes[0].version) (sync \(options.serverSync.rawValue)), \(options.replicaCount) replica(s) of \(executable); files in \(directory)"
        )
        var report: ChaosReport
        do {
            report = try await measure(deployment: deployment, store: store, interrupt: interrupt)
        } catch {
            await deployment.killAll()
            await deployment.stopNodes(keep: true)
            network?.remove()
            store?.unmount()
            printError("cim-bench chaos: the run's files are kept in \(directory)")
            throw error
        }
        report.judge()
        if interrupt.interrupted { report.fail("interrupted (Ctrl-C): the figures cover the run until then") }
        let keep = options.keep || !report.ok
        await deployment.stopNodes(keep: keep)
        network?.remove()
        store?.unmount()
        if keep {
            printError("cim-bench chaos: the run's files are kept in \(directory)")
        } else {
            do {
                try FileManager.default.removeItem(atPath: directory)
            } catch {
                printError("cim-bench chaos: could not remove the run's directory \(directory): \(error)")
            }
        }
        try emit(report, command: "chaos", json: options.json, markdown: options.markdown)
    }

    // MARK: Measuring

    private func measure(deployment: ChaosDeployment, store: TmpfsStore?, interrupt: InterruptWatcher) async throws -> ChaosReport {
        var configuration: NATSClientConfiguration
        do {
            configuration = try NATSClientConfiguration.fromEnvironment(["NATS_URL": deployment.loadURLs])
        } catch {
            throw BenchFailure("cannot connect to the run's servers: \(error)")
        }
        // The load rides through server restarts: it reconnects for as long as the run lasts.
        configuration.maxReconnectAttempts = nil
        configuration.name = "cim-bench-chaos"
        let client = try NATSClient(configuration: configuration)
        let workload = self.workload
        let stream = workload.stream
        let seed = options.seed ?? UInt64(truncatingIfNeeded: DispatchTime.now().uptimeNanoseconds)
        let scheduler: CommandScheduler
        do {
            scheduler = try CommandScheduler(
                keySpace: .population(count: options.aggregates, distribution: options.keyDistribution == "zipf" ? .zipf(s: options.zipfS) : .uniform, createRatio: 0),
                seed: seed)
        } catch {
            throw ValidationError(error.description)
        }
        let timeoutMs = options.timeout * 1000
        let load = ServiceLoad(client: client, workload: workload, scheduler: scheduler, timeout: .milliseconds(Int64(timeoutMs)), sendsTimeout: options.timeoutHeader)
        var loadReport = LoadReport(label: options.scenario.rawValue, workload: describeWorkload(), commandLine: ServiceRun.commandLine)
        loadReport.bench = "chaos"
        loadReport.machine = .current()
        loadReport.server = LoadReport.Server(version: deployment.nodes[0].version.description, sync: options.serverSync.rawValue, origin: "embedded")
        var report = ChaosReport(
            scenario: options.scenario,
            settings: .init(
                replicas: options.replicaCount, nodes: options.scenario.nodes, streamReplicas: streamReplicas, durationSeconds: options.duration,
                intervalSeconds: options.interval, downtimeSeconds: options.downtime, timeoutSeconds: options.timeout),
            load: loadReport)

        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer { group.cancelAll() }
            try await client.waitUntilConnected(timeout: .seconds(10))
            let js = try JetStream(client: client)
            try await deployment.waitUntilHealthy()
            try await waitForJetStream(js)
            for _ in 0..<options.replicaCount {
                try await deployment.addReplica()
                interrupt.children.withLock { $0 = deployment.processIdentifiers }
            }
            if let info = try await ServiceRun.serviceInfo(client: client, name: "\(options.domain)-service") {
                report.load.service.merge(info) { _, announced in announced }
            }
            report.load.service.merge(serviceEnvironment) { announced, _ in announced }
            let storedBefore = try await js.streamInfo(stream).state.messages
            let subscription = try await client.subscribe(to: load.inbox + ".*")
            group.addTask { try await load.receive(subscription) }
            interrupt.onInterrupt { load.stop() }

            let setup = scheduler.setup
            printError("cim-bench chaos: creating \(setup.count) aggregates")
            let created = try await load.runPhase(loop: .closed(concurrency: 32), source: .list(setup), warmup: 0, duration: nil, limit: nil, progress: nil)
            guard created.persisted == setup.count else {
                throw BenchFailure("setup: \(created.persisted) of \(setup.count) creates were stored (errors: \(created.errors.summary); \(created.failureSamples.joined(separator: "; ")))")
            }

            // The load, and the faults on schedule beside it; outcomes go into the timeline.
            let start = ServiceLoad.now()
            load.state.withLock { $0.timeline = OutcomeTimeline(start: start) }
            let progress = options.progressInterval > 0 || ProgressReporter.standardErrorIsTerminal
                ? ProgressReporter(totalSeconds: options.duration, plainInterval: options.progressInterval > 0 ? options.progressInterval : .infinity) : nil
            let lookup = try JetStream(client: client, timeout: .seconds(1))
            let injector = FaultInjector(deployment: deployment, js: lookup, stream: stream, store: store, start: start, interrupt: interrupt)
            async let faultsDone = injector.run(schedule.faults, loadEnd: UInt64(options.duration * 1e9), settle: options.settle)
            let figures = try await load.runPhase(
                loop: options.loop, source: .scheduler, warmup: 0, duration: UInt64(options.duration * 1e9), limit: nil,
                progress: progress)
            let injected = try await faultsDone
            try await subscription.unsubscribe()

            let (persistedTotal, acknowledged, uncertain, timeline) = load.state.withLock {
                ($0.persistedTotal, $0.acknowledged, $0.uncertainTotal, $0.timeline!)
            }
            report.faults = FaultOutcome.analyze(injected.outcomes, timeline: timeline, timeoutMs: timeoutMs)
            do {
                try timeline.csv.write(toFile: deployment.directory + "/timeline.csv", atomically: true, encoding: .utf8)
            } catch {
                printError("cim-bench chaos: cannot write the timeline to \(deployment.directory)/timeline.csv: \(error)")
            }
            report.uncertain = uncertain
            report.load.record(figures)
            report.load.answeredPersistedTotal = persistedTotal
            // The replicas drain first: what they still store (commands whose clients gave up)
            // is in the stream before the oracle reads it.
            report.replicaExits = await deployment.stopReplicas()
            try await deployment.waitUntilHealthy()
            printError("cim-bench chaos: the oracle reads \(stream)")
            report.load.oracle = try await ServiceOracle.check(js: js, stream: stream, prefix: workload.eventPrefix, acknowledged: acknowledged)
            report.load.storedTotal = Int(try await js.streamInfo(stream).state.messages - storedBefore)
            report.observations = injected.skipped + observations(deployment)
            try await client.drain()
            return report
        }
    }

    /// Waits until JetStream answers (a cluster first elects its meta leader).
    private func waitForJetStream(_ js: JetStream) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        var last = "no answer yet"
        while ContinuousClock.now < deadline {
            do {
                _ = try await js.accountInfo()
                return
            } catch {
                last = "\(error)"
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        throw BenchFailure("JetStream did not become available within 60 s: \(last)")
    }

    private func describeWorkload() -> LoadReport.Workload {
        var workload = LoadReport.Workload(
            domain: options.domain, loop: "closed", keySpace: "population", aggregates: options.aggregates, distribution: options.keyDistribution,
            payloadBytes: 0, warmupSeconds: 0)
        switch options.loop {
        case .closed(let concurrency): workload.concurrency = concurrency
        case .open(let rate, _):
            workload.loop = "open"
            workload.rate = rate
        }
        workload.durationSeconds = options.duration
        workload.creates = 0
        if options.timeoutHeader { workload.timeoutHeaderMs = Int(options.timeout * 1000) }
        if options.keyDistribution == "zipf" { workload.zipfS = options.zipfS }
        return workload
    }

    /// What the logs say about the faults: the server's store errors and slow consumers, the
    /// replicas' reconnections.
    private func observations(_ deployment: ChaosDeployment) -> [String] {
        var notes: [String] = []
        let serverPatterns = ["no space left", "out of space", "disabl", "insufficient", "slow consumer", "resource"]
        for (index, node) in deployment.nodes.enumerated() {
            let log = (try? String(contentsOfFile: node.logPath, encoding: .utf8)) ?? ""
            notes += Self.mentions(in: log, of: serverPatterns, source: "node \(index)'s log", directory: deployment.directory)
        }
        for index in 0..<deployment.replicaCount {
            notes += Self.mentions(in: deployment.replicaLog(index), of: ["slow consumer", "reconnect", "disconnect", "error"], source: "replica \(index)'s log", directory: deployment.directory)
        }
        return notes
    }

    /// `node 0's log: 12 lines mention "no space left" (first: …)`, one per pattern found.
    static func mentions(in log: String, of patterns: [String], source: String, directory: String) -> [String] {
        let lines = log.split(separator: "\n")
        return patterns.compactMap { pattern in
            let matching = lines.filter { $0.lowercased().contains(pattern) }
            guard let first = matching.first else { return nil }
            let line = first.replacingOccurrences(of: directory, with: "<run>").prefix(200)
            return "\(source): \(matching.count) line\(matching.count == 1 ? "" : "s") mention \"\(pattern)\" (first: \(line))"
        }
    }
}
