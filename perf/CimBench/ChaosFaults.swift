import BenchKit
import Foundation
import NATS
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Applies a chaos run's faults on schedule, each followed by its repair, and records when each
/// happened (milliseconds from the load's start).
struct FaultInjector: Sendable {
    let deployment: ChaosDeployment
    /// For the stream's leader: a JetStream context with a short timeout, retried.
    let js: JetStream
    let stream: String
    let store: TmpfsStore?
    /// The load's start (`ServiceLoad.now()`).
    let start: UInt64
    let interrupt: InterruptWatcher

    private func milliseconds(_ instant: UInt64) -> Double { Double(instant &- start) / 1e6 }

    /// Applies `faults` in order; a fault whose time came while an earlier repair still ran goes
    /// late, and is skipped (with a note) when its downtime and `settle` seconds of load no
    /// longer fit before `loadEnd` (nanoseconds after `start`).
    func run(_ faults: [PlannedFault], loadEnd: UInt64, settle: Double) async throws -> (outcomes: [FaultOutcome], skipped: [String]) {
        var outcomes: [FaultOutcome] = []
        var skipped: [String] = []
        for fault in faults {
            let due = start + UInt64(fault.at * 1e9)
            var now = ServiceLoad.now()
            if due > now {
                try await Task.sleep(for: .nanoseconds(Int64(due - now)))
                now = ServiceLoad.now()
            }
            if interrupt.interrupted { break }
            // The target first: finding a stream's leader can take a while after a failover.
            let target = try await resolve(fault)
            now = ServiceLoad.now()
            guard now &- start + UInt64((fault.downtime + settle) * 1e9) <= loadEnd else {
                skipped.append(
                    "the \(fault.action.rawValue) planned at \(LoadReport.number(fault.at)) s was skipped: the previous repair ended at \(LoadReport.number(milliseconds(now) / 1000)) s, too late to see a recovery before the load ends")
                continue
            }
            outcomes.append(try await apply(fault, on: target.index, named: target.name))
            interrupt.children.withLock { $0 = deployment.processIdentifiers }
        }
        return (outcomes, skipped)
    }

    /// The replica or node a fault hits, and its name in the report.
    private func resolve(_ fault: PlannedFault) async throws -> (index: Int, name: String) {
        switch fault.action {
        case .killReplica, .terminateReplica, .pauseReplica: (fault.target ?? 0, "replica \(fault.target ?? 0)")
        case .killNode, .pauseNode: try await node(fault.target)
        case .isolateNode: try await node(fault.target, sparing: 0)
        case .fillStore: (0, "the store (\(store?.mebibytes ?? 0) MiB tmpfs)")
        }
    }

    private func apply(_ fault: PlannedFault, on index: Int, named target: String) async throws -> FaultOutcome {
        let downtime = Duration.milliseconds(Int64(fault.downtime * 1000))
        var note: String?
        let injected: UInt64
        switch fault.action {
        case .killReplica:
            injected = ServiceLoad.now()
            await deployment.killReplica(index)
            try await Task.sleep(for: downtime)
            try await deployment.restartReplica(index)
        case .terminateReplica:
            injected = ServiceLoad.now()
            let exit = await deployment.terminateReplica(index)
            note = "SIGTERM: \(exit)"
            if exit != "exit 0" { printError("cim-bench chaos: replica \(index) on SIGTERM: \(exit):\n\(deployment.replicaLogTail(index))") }
            try await Task.sleep(for: downtime)
            try await deployment.restartReplica(index)
        case .pauseReplica:
            injected = ServiceLoad.now()
            deployment.signalReplica(index, SIGSTOP)
            try await Task.sleep(for: downtime)
            deployment.signalReplica(index, SIGCONT)
            try await deployment.waitUntilReady(index)
        case .killNode:
            injected = ServiceLoad.now()
            await deployment.nodes[index].kill()
            try await Task.sleep(for: downtime)
            do {
                try await deployment.nodes[index].restart()
            } catch {
                throw BenchFailure("\(target) did not restart: \(error)")
            }
            try await deployment.waitUntilHealthy(index)
        case .pauseNode:
            injected = ServiceLoad.now()
            try deployment.nodes[index].suspend()
            try await Task.sleep(for: downtime)
            try deployment.nodes[index].resume()
            try await deployment.waitUntilHealthy(index)
        case .isolateNode:
            guard let network = deployment.network else { throw BenchFailure("isolate-node needs the nodes in network namespaces") }
            injected = ServiceLoad.now()
            try network.isolate(index)
            try await Task.sleep(for: downtime)
            try network.heal(index)
            try await deployment.waitUntilHealthy(index)
        case .fillStore:
            guard let store else { throw BenchFailure("fill-store needs the store on a tmpfs") }
            injected = ServiceLoad.now()
            let filled = try store.fill()
            try await Task.sleep(for: downtime)
            try store.free()
            // nats-server (2.15.1) answers no PubAck once a stream's write failed for want of
            // space, and goes on so after the space is back, until it restarts: the operator's
            // step, here a graceful restart.
            let node = deployment.nodes[index]
            let log = (try? String(contentsOfFile: node.logPath, encoding: .utf8)) ?? ""
            let writeErrors = log.split(separator: "\n").filter { $0.contains("no space left on device") }.count
            do {
                try await node.restart()
            } catch {
                throw BenchFailure("the nats-server did not restart after the store was freed: \(error)")
            }
            try await deployment.waitUntilHealthy(index)
            note = "filled with \(filled / 1_048_576) MiB; the server's log holds \(writeErrors) write errors for want of space; freed, then the server restarted"
        }
        let repaired = ServiceLoad.now()
        printError("cim-bench chaos: \(fault.action.rawValue) \(target) at \(LoadReport.number(milliseconds(injected) / 1000)) s, repaired at \(LoadReport.number(milliseconds(repaired) / 1000)) s")
        return FaultOutcome(action: fault.action, target: target, injectedMs: milliseconds(injected), repairedMs: milliseconds(repaired), note: note)
    }

    /// The node a fault hits: `target`, or the stream's leader at this moment. A leader on the
    /// node to be spared (the load's own) is asked to step down first, and the new one is hit.
    private func node(_ target: Int?, sparing spared: Int? = nil) async throws -> (Int, String) {
        if let target { return (target, "node \(target)") }
        let deadline = ContinuousClock.now + .seconds(30)
        var last = "no answer"
        var steppedDown = false
        while ContinuousClock.now < deadline {
            do {
                let info = try await js.streamInfo(stream)
                if let leader = info.cluster?.leader, let index = deployment.nodeIndex(serverName: leader) {
                    guard index == spared else {
                        return (index, "node \(index) (\(stream)'s leader\(steppedDown ? ", after node \(spared ?? 0) stepped down" : ""))")
                    }
                    // The load's node stays connected: its leadership moves first.
                    if !steppedDown {
                        try await js.stepDownStreamLeader(stream)
                        steppedDown = true
                    }
                    last = "\(stream)'s leader is still node \(index), which the load uses"
                    try await Task.sleep(for: .milliseconds(200))
                    continue
                }
                last = "\(stream) named no leader"
            } catch {
                last = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchFailure("the leader of \(stream) could not be read within 30 s: \(last)")
    }
}

/// The store of a disk-full run: a tmpfs of a fixed size (mounting needs root), filled with a
/// file until a write fails for want of space, and freed by removing it.
struct TmpfsStore: Sendable {
    let path: String
    let mebibytes: Int
    var fillerPath: String { path + "/zz-chaos-filler" }

    static func mount(at path: String, mebibytes: Int) throws -> TmpfsStore {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw BenchFailure("cannot create \(path): \(error)")
        }
        let (status, output) = ToolRun.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(mebibytes)m", "tmpfs", path])
        guard status == 0 else {
            throw BenchFailure("disk-full mounts a \(mebibytes) MiB tmpfs for the server's store, and mount failed (it needs root): \(output)")
        }
        return TmpfsStore(path: path, mebibytes: mebibytes)
    }

    /// Writes the filler until the tmpfs is full; the bytes written.
    func fill() throws -> Int {
        let descriptor = open(fillerPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw BenchFailure("cannot create \(fillerPath): errno \(errno)") }
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0x5A, count: 1 << 16)
        var total = 0
        while true {
            let written = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                total += written
                continue
            }
            guard errno == ENOSPC else { throw BenchFailure("filling \(path) failed with errno \(errno), not for want of space") }
            return total
        }
    }

    func free() throws {
        do {
            try FileManager.default.removeItem(atPath: fillerPath)
        } catch {
            throw BenchFailure("cannot remove \(fillerPath) to free the store: \(error)")
        }
    }

    /// Unmounts (lazily, should the server still hold a file): loud when it fails.
    func unmount() {
        let (status, output) = ToolRun.run("/bin/umount", ["-l", path])
        if status != 0 { printError("cim-bench chaos: could not unmount the tmpfs at \(path): \(output)") }
    }
}
