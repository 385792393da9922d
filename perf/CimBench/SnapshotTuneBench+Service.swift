import Foundation

#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The service under test in `cim-bench snapshot-tune`: at most one process at a time, started
/// with a snapshot frequency, crashed (SIGKILL) or stopped (SIGTERM), each start with its own log
/// file in a temporary folder.
final class TunedService: Sendable {
    let name: String
    let executable: String
    /// The settings every start gets (SNAPSHOT_FREQ is added per start).
    let environment: [String: String]
    let logDirectory: String
    private let current = Mutex<LocalService?>(nil)
    private let starts = Atomic<Int>(0)

    init(name: String, executable: String, environment: [String: String]) {
        self.name = name
        self.executable = executable
        self.environment = environment
        logDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("cim-bench-snapshot-tune-\(ProcessInfo.processInfo.processIdentifier)").path
    }

    /// Starts the service with `frequency`; the one running before must have been stopped.
    func start(frequency: Int) throws -> LocalService {
        if let running = current.withLock({ $0 }), running.isRunning {
            throw BenchFailure("\(name) was asked to start while another of its processes (pid \(running.process.processIdentifier)) still runs")
        }
        do {
            try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        } catch {
            throw BenchFailure("cannot create the folder for the service's logs \(logDirectory): \(error.localizedDescription)")
        }
        let number = starts.add(1, ordering: .relaxed).newValue
        var variables = environment
        variables["SNAPSHOT_FREQ"] = String(frequency)
        let service = try LocalService(
            name: name, executable: executable, environment: variables, logPath: "\(logDirectory)/\(name)-\(number)-f\(frequency).log")
        current.withLock { $0 = service }
        return service
    }

    /// SIGKILL, as a crash: the service writes nothing more (no shutdown snapshots).
    func crash() async {
        guard let service = current.withLock({ $0 }) else { return }
        await service.kill()
    }

    /// SIGTERM, the way an operator stops it; fails unless it exits with status 0.
    func stop() async throws {
        guard let service = current.withLock({ $0 }) else { return }
        let status = await service.terminate()
        guard let status else { throw BenchFailure("\(name) did not exit within 60 s of SIGTERM and was killed:\n\(service.logTail())") }
        guard status == 0 else { throw BenchFailure("\(name) exited with status \(status) after SIGTERM:\n\(service.logTail())") }
    }

    /// Kills whatever still runs (after a failure; nothing is left running).
    func stopAll() async {
        guard let service = current.withLock({ $0 }), service.isRunning else { return }
        await service.kill()
    }

    /// SIGKILL without waiting (the interrupt handler, which exits right after).
    func killNow() {
        guard let service = current.withLock({ $0 }), service.isRunning else { return }
        kill(service.process.processIdentifier, SIGKILL)
    }

    /// Removes the logs of a run that went well (a failed run keeps them, and says where).
    func removeLogs() {
        guard FileManager.default.fileExists(atPath: logDirectory) else { return }
        do {
            try FileManager.default.removeItem(atPath: logDirectory)
        } catch {
            printError("cim-bench snapshot-tune: could not remove the service's logs \(logDirectory): \(error.localizedDescription)")
        }
    }
}
