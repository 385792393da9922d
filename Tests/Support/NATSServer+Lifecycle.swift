import Foundation
import Synchronization

extension NATSServer {
    /// Set to `1` to keep every fixture's directory and print its log path when it stops.
    public static let keepLogsEnvironmentVariable = "NATS_SERVER_KEEP_LOGS"

    private static var keepAllLogs: Bool {
        ProcessInfo.processInfo.environment[keepLogsEnvironmentVariable] == "1"
    }

    /// Starts a server and waits until it has sent its `INFO` line to a probe connection.
    ///
    /// On failure the server is killed; with ``Options/keepLogsOnFailure`` its directory is kept and
    /// the log path and tail are printed.
    ///
    /// - Parameter options: How to start it.
    /// - Returns: The running fixture. Call ``stop(keepingDirectory:)`` when done.
    /// - Throws: ``NATSServerError``; `.binaryNotFound` tells to run `scripts/install-deps.sh`.
    public static func start(_ options: Options = Options()) async throws(NATSServerError) -> NATSServer {
        let executable = try locateExecutable(options.executable)
        let version = try await versionWithoutBlocking(of: executable)
        let serverName = options.serverName ?? "fixture-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let layout = try Layout.create(files: options.files)
        var attempt = 1
        while true {
            do throws(NATSServerError) {
                let port: Int
                if let fixedPort = options.port { port = fixedPort } else { port = try FreePort.next() }
                let monitoringPort: Int? = options.monitoring ? try FreePort.next() : nil
                let values = ConfigValues(
                    serverName: serverName,
                    port: port,
                    monitoringPort: monitoringPort,
                    storeDirectory: options.storeDirectory ?? layout.storeDirectory
                )
                try layout.writeConfig(renderConfig(options, values))
                let process = try await withStartSlot { () async throws(NATSServerError) -> Process in
                    try await launchAndAwaitReady(
                        executable: executable,
                        layout: layout,
                        options: options,
                        serverName: serverName,
                        port: port
                    )
                }
                return NATSServer(
                    options: options,
                    executable: executable,
                    version: version,
                    serverName: serverName,
                    port: port,
                    monitoringPort: monitoringPort,
                    layout: layout,
                    process: process
                )
            } catch where error.code == .portInUse && options.port == nil && attempt < 5 {
                attempt += 1  // Another process took the free port first: pick a new one.
            } catch {
                if options.keepLogsOnFailure || keepAllLogs {
                    printLog("nats-server failed to start (\(error.code)); keeping \(layout.directory)", logPath: layout.logPath, lines: 40)
                } else {
                    layout.remove()
                }
                throw error
            }
        }
    }

    /// Starts a server, runs `body`, and stops the server, also when `body` throws.
    ///
    /// - Parameters:
    ///   - options: How to start the server.
    ///   - body: The test; it gets the running fixture.
    /// - Returns: What `body` returned.
    /// - Throws: ``NATSServerError`` if the server cannot start, or what `body` threw.
    public static func withServer<T>(
        _ options: Options = Options(),
        _ body: (NATSServer) async throws -> T
    ) async throws -> T {
        let server = try await start(options)
        let result: T
        do {
            result = try await body(server)
        } catch {
            let keep = options.keepLogsOnFailure || keepAllLogs
            if keep { server.printLog("the test body threw \(error); keeping \(server.directory)") }
            await server.stop(keepingDirectory: keep)
            throw error
        }
        await server.stop()
        return result
    }

    /// Stops the server (SIGTERM, then SIGKILL after ``Options/stopTimeout``) and relaunches it with
    /// the same config file, port and store directory; waits until it answers again.
    ///
    /// Also works after ``kill()`` or ``terminate()``. The config file is re-read, so a test may edit
    /// ``configPath`` first.
    ///
    /// - Throws: ``NATSServerError``: `.stopped` after ``stop(keepingDirectory:)``, or a start-up error.
    public func restart() async throws(NATSServerError) {
        let previous = try state.withLock { state throws(NATSServerError) in
            guard !state.isStopped else {
                throw NATSServerError(.stopped, "the fixture on port \(port) was stopped; it cannot restart")
            }
            return state.process
        }
        if let previous { await Self.terminate(previous, gracePeriod: options.stopTimeout) }

        var attempt = 1
        while true {
            do throws(NATSServerError) {
                let process = try await Self.withStartSlot(ahead: true) { () async throws(NATSServerError) -> Process in
                    try await Self.launchAndAwaitReady(
                        executable: executable,
                        layout: layout,
                        options: options,
                        serverName: serverName,
                        port: port
                    )
                }
                let stale = state.withLock { state -> Process? in
                    if state.isStopped { return process }  // stop() raced with us: undo the launch.
                    state.process = process
                    return nil
                }
                if let stale { await Self.terminate(stale, gracePeriod: options.stopTimeout) }
                return
            } catch where error.code == .portInUse && attempt < 20 {
                attempt += 1  // The port must stay the same: wait for whoever holds it.
                await Self.pause(.milliseconds(250))
            } catch {
                if options.keepLogsOnFailure || Self.keepAllLogs {
                    printLog("nats-server failed to restart (\(error.code)); files in \(directory)")
                }
                throw error
            }
        }
    }

    /// Stops the server gracefully (SIGTERM, then SIGKILL after ``Options/stopTimeout``) and waits
    /// until it is reaped; keeps the directory so that ``restart()`` can bring it back.
    public func terminate() async {
        if let process = state.withLock({ $0.process }) {
            await Self.terminate(process, gracePeriod: options.stopTimeout)
        }
    }

    /// Kills the server with SIGKILL (a crash: nothing is flushed) and waits until it is reaped;
    /// keeps the directory so that ``restart()`` can bring it back.
    public func kill() async {
        if let process = state.withLock({ $0.process }) {
            await Self.forceKill(process)
        }
    }

    /// Freezes the server with SIGSTOP: its connections stay open and nothing is answered (a
    /// stalled store), until ``resume()``. Throws when the server is not running.
    public func suspend() throws(NATSServerError) {
        guard let pid = processIdentifier, sendSignal(SIGSTOP, to: pid) else {
            throw NATSServerError(.notRunning, "cannot suspend the server: it is not running")
        }
    }

    /// Continues a server frozen by ``suspend()`` (SIGCONT).
    public func resume() throws(NATSServerError) {
        guard let pid = processIdentifier, sendSignal(SIGCONT, to: pid) else {
            throw NATSServerError(.notRunning, "cannot resume the server: it is not running")
        }
    }

    /// Stops the server for good and removes its directory. Idempotent.
    ///
    /// - Parameter keepingDirectory: Keeps the directory (the log, config and store) and prints its
    ///   path. `NATS_SERVER_KEEP_LOGS=1` in the environment has the same effect.
    public func stop(keepingDirectory: Bool = false) async {
        let (process, wasStopped) = state.withLock { state in
            defer { state.isStopped = true }
            return (state.process, state.isStopped)
        }
        if let process { await Self.terminate(process, gracePeriod: options.stopTimeout) }
        guard !wasStopped else { return }
        if keepingDirectory || Self.keepAllLogs {
            Self.printToStandardError("TestSupport.NATSServer: kept \(directory) (log: \(logPath))")
        } else {
            layout.remove()
        }
    }

    /// Launches the server and polls its port until the `INFO` line with our `server_name` arrives.
    ///
    /// - Returns: The running process.
    /// - Throws: ``NATSServerError``: `.portInUse`, `.exitedDuringStartup` or `.startupTimedOut`
    ///   (the process is then stopped), each with the tail of this run's log.
    static func launchAndAwaitReady(
        executable: String,
        layout: Layout,
        options: Options,
        serverName: String,
        port: Int
    ) async throws(NATSServerError) -> Process {
        let process = try launch(executable: executable, layout: layout, arguments: options.arguments, launcher: options.launcher)
        let expectedName = "\"server_name\":\"\(serverName)\""
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: options.startupTimeout)
        var lastSeen = "no probe yet"
        while true {
            if !process.isRunning {
                let runLog = currentRunLog(at: layout.logPath)
                let code: NATSServerError.Code = runLog.contains("address already in use") ? .portInUse : .exitedDuringStartup
                throw NATSServerError(
                    code,
                    "nats-server exited with status \(process.terminationStatus) before accepting clients on \(options.host):\(port). "
                        + "Log \(layout.logPath):\n\(tail(of: layout.logPath, lines: 30))"
                )
            }
            switch await probe(host: options.host, port: port, timeout: .seconds(2)) {
            case .info(let line) where line.contains(expectedName):
                return process
            case .info(let line):
                lastSeen = "another server answered: \(line.prefix(300))"
            case .refused(let error):
                lastSeen = "no connection (\(error))"
            case .unexpected(let text):
                lastSeen = text
            }
            if Task.isCancelled {
                await terminate(process, gracePeriod: options.stopTimeout)
                throw NATSServerError(.cancelled, "cancelled while waiting for nats-server on \(options.host):\(port)")
            }
            if clock.now >= deadline {
                // Read before the process is stopped: was it running, sleeping, stuck on the disk?
                let state = processState(process)
                let output = currentRunLog(at: layout.logPath)
                await terminate(process, gracePeriod: options.stopTimeout)
                throw NATSServerError(
                    .startupTimedOut,
                    "nats-server sent no INFO with \(expectedName) on \(options.host):\(port) within \(options.startupTimeout) "
                        + "(last probe: \(lastSeen); process \(state)). "
                        + (output.split(separator: "\n").count <= 1 ? "The server printed nothing. " : "")
                        + "Log \(layout.logPath):\n\(tail(of: layout.logPath, lines: 30))"
                )
            }
            await pause(.milliseconds(20))
        }
    }
}
