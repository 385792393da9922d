import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension NATSServer {
    /// Spawns `nats-server -c <config>` in `directory`, appending stdout and stderr to `logPath`.
    ///
    /// - Parameters:
    ///   - executable: The server binary.
    ///   - layout: The fixture's directory, config and log paths.
    ///   - arguments: Extra command-line arguments.
    ///   - launcher: A command that execs the server (``Options/launcher``); empty for none.
    /// - Returns: The running process.
    /// - Throws: ``NATSServerError`` `.filesystem` or `.launchFailed`.
    static func launch(executable: String, layout: Layout, arguments: [String], launcher: [String] = []) throws(NATSServerError) -> Process {
        let commandLine = launcher + [executable, "-c", layout.configPath] + arguments
        let log: FileHandle
        do {
            log = try FileHandle(forWritingTo: URL(fileURLWithPath: layout.logPath))
            try log.seekToEnd()
            try log.write(contentsOf: Data("=== TestSupport.NATSServer: \(commandLine.joined(separator: " "))\n".utf8))
        } catch {
            throw NATSServerError(.filesystem, "cannot open log file \(layout.logPath): \(error)")
        }
        defer { try? log.close() }  // The child holds its own descriptors.

        let process = Process()
        process.executableURL = URL(fileURLWithPath: commandLine[0])
        process.arguments = Array(commandLine.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: layout.directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            throw NATSServerError(.launchFailed, "cannot spawn \(commandLine[0]): \(error)")
        }
        return process
    }

    /// Stops `process`: SIGTERM, then SIGKILL after `gracePeriod`, then waits until it is reaped.
    ///
    /// - Parameters:
    ///   - process: The server process.
    ///   - gracePeriod: How long to wait for a clean exit after SIGTERM.
    static func terminate(_ process: Process, gracePeriod: Duration) async {
        guard process.isRunning else { return }
        process.terminate()  // SIGTERM: nats-server shuts down cleanly and flushes JetStream.
        if await waitForExit(process, timeout: gracePeriod) { return }
        await forceKill(process)
    }

    /// Sends SIGKILL to `process` and waits until it is reaped.
    ///
    /// - Parameter process: The server process.
    static func forceKill(_ process: Process) async {
        guard process.isRunning else { return }
        sendKill(to: process.processIdentifier)
        if await !waitForExit(process, timeout: .seconds(10)) {
            printToStandardError("TestSupport.NATSServer: pid \(process.processIdentifier) survived SIGKILL for 10 s")
        }
    }

    /// Polls until `process` has exited and Foundation has reaped it.
    ///
    /// - Parameters:
    ///   - process: The process to wait for.
    ///   - timeout: The longest time to wait.
    /// - Returns: `true` if it exited in time.
    static func waitForExit(_ process: Process, timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while process.isRunning {
            if clock.now >= deadline { return false }
            await pause(.milliseconds(10))
        }
        return true
    }

    /// Sleeps, even in a cancelled task (clean-up must still wait for the process).
    ///
    /// - Parameter duration: How long to sleep.
    static func pause(_ duration: Duration) async {
        do {
            try await Task.sleep(for: duration)
        } catch {
            let (seconds, attoseconds) = duration.components
            usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))  // Cancelled: block briefly.
        }
    }

    /// Writes a line to standard error (visible in `swift test` output).
    ///
    /// - Parameter text: The text, without the trailing newline.
    static func printToStandardError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Sends SIGKILL to `pid` (a file-scope function, so `kill` is the C function, not ``NATSServer/kill()``).
///
/// - Parameter pid: The process to kill.
func sendKill(to pid: Int32) {
    _ = kill(pid, SIGKILL)
}

/// Sends `signal` to `pid`; false when there is no such process.
func sendSignal(_ signal: Int32, to pid: Int32) -> Bool {
    kill(pid, signal) == 0
}

extension NATSServer {
    /// What the kernel says about a process, for start-up errors: its state (R running,
    /// S sleeping, D waiting on the disk, Z exited), the CPU time it got, and its age.
    ///
    /// - Parameter process: The process.
    /// - Returns: A short description, or why it could not be read.
    static func processState(_ process: Process) -> String {
        guard process.isRunning else { return "exited with status \(process.terminationStatus)" }
        let pid = process.processIdentifier
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return "pid \(pid), state unreadable (no /proc)" }
        // Fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt
        // cmajflt utime stime … (proc(5)).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
            return "pid \(pid), stat unparsable"
        }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let cpu = (user + system) / max(ticks, 1)
        return "pid \(pid) state \(fields[0]), \(String(format: "%.2f", cpu)) s of CPU, \(fields[9]) major page faults"
    }
}
