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
    let js: JetStream
    let stream: String
    let store: TmpfsStore?
    /// The load's start (`ServiceLoad.now()`).
    let start: UInt64
    let interrupt: InterruptWatcher

    private func milliseconds(_ instant: UInt64) -> Double { Double(instant &- start) / 1e6 }

    func run(_ faults: [PlannedFault]) async throws -> [FaultOutcome] {
        var outcomes: [FaultOutcome] = []
        for fault in faults {
            let due = start + UInt64(fault.at * 1e9)
            let now = ServiceLoad.now()
            if due > now { try await Task.sleep(for: .nanoseconds(Int64(due - now))) }
            if interrupt.interrupted { break }
            outcomes.append(try await apply(fault))
            interrupt.children.withLock { $0 = deployment.processIdentifiers }
        }
        return outcomes
    }

    private func apply(_ fault: PlannedFault) async throws -> FaultOutcome {
        let downtime = Duration.milliseconds(Int64(fault.downtime * 1000))
        var note: String?
        let target: String
        let injected: UInt64
        switch fault.action {
        case .killReplica:
            let index = fault.target ?? 0
            target = "replica \(index)"
            injected = ServiceLoad.now()
            await deployment.killReplica(index)
            try await Task.sleep(for: downtime)
            try await deployment.restartReplica(index)
        case .terminateReplica:
            let index = fault.target ?? 0
            target = "replica \(index)"
            injected = ServiceLoad.now()
            let exit = await deployment.terminateReplica(index)
            note = "SIGTERM: \(exit)"
            if exit != "exit 0" { printError("cim-bench chaos: replica \(index) on SIGTERM: \(exit):\n\(deployment.replicaLogTail(index))") }
            try await Task.sleep(for: downtime)
            try await deployment.restartReplica(index)
        case .pauseReplica:
            let index = fault.target ?? 0
            target = "replica \(index)"
            injected = ServiceLoad.now()
            deployment.signalReplica(index, SIGSTOP)
            try await Task.sleep(for: downtime)
            deployment.signalReplica(index, SIGCONT)
            try await deployment.waitUntilReady(index)
        case .killNode:
            let (index, name) = await node(fault.target)
            target = name
            injected = ServiceLoad.now()
            await deployment.nodes[index].kill()
            try await Task.sleep(for: downtime)
            do {
                try await deployment.nodes[index].restart()
            } catch {
                throw BenchFailure("\(name) did not restart: \(error)")
            }
        case .pauseNode:
            let (index, name) = await node(fault.target)
            target = name
            injected = ServiceLoad.now()
            deployment.signalNode(index, SIGSTOP)
            try await Task.sleep(for: downtime)
            deployment.signalNode(index, SIGCONT)
        case .fillStore:
            guard let store else { throw BenchFailure("fill-store needs the store on a tmpfs") }
            target = "the store (\(store.mebibytes) MiB tmpfs)"
            injected = ServiceLoad.now()
            let filled = try store.fill()
            try await Task.sleep(for: downtime)
            try store.free()
            // nats-server (2.15.1) answers no PubAck once a stream's write failed for want of
            // space, and goes on so after the space is back, until it restarts: the operator's
            // step, here a graceful restart.
            let node = deployment.nodes[0]
            let log = (try? String(contentsOfFile: node.logPath, encoding: .utf8)) ?? ""
            let writeErrors = log.split(separator: "\n").filter { $0.contains("no space left on device") }.count
            do {
                try await node.restart()
            } catch {
                throw BenchFailure("the nats-server did not restart after the store was freed: \(error)")
            }
            note = "filled with \(filled / 1_048_576) MiB; the server's log holds \(writeErrors) write errors for want of space; freed, then the server restarted"
        }
        let repaired = ServiceLoad.now()
        printError("cim-bench chaos: \(fault.action.rawValue) \(target) at \(LoadReport.number(milliseconds(injected) / 1000)) s, repaired at \(LoadReport.number(milliseconds(repaired) / 1000)) s")
        return FaultOutcome(action: fault.action, target: target, injectedMs: milliseconds(injected), repairedMs: milliseconds(repaired), note: note)
    }

    /// The node a fault hits: `target`, or the stream's leader at this moment (node 0 with a note
    /// when the leader cannot be read).
    private func node(_ target: Int?) async -> (Int, String) {
        if let target { return (target, "node \(target)") }
        do {
            let info = try await js.streamInfo(stream)
            if let leader = info.cluster?.leader, let index = deployment.nodeIndex(serverName: leader) {
                return (index, "node \(index) (\(stream)'s leader)")
            }
            return (0, "node 0 (\(stream) named no leader)")
        } catch {
            return (0, "node 0 (the leader could not be read: \(error))")
        }
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
        let (status, output) = run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(mebibytes)m", "tmpfs", path])
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
        let (status, output) = Self.run("/bin/umount", ["-l", path])
        if status != 0 { printError("cim-bench chaos: could not unmount the tmpfs at \(path): \(output)") }
    }

    private static func run(_ executable: String, _ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return (-1, "\(error)")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
