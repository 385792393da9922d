import Foundation
import NATS
import NIOCore
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The processes of a chaos run, all started by cim-bench on loopback: one nats-server or a
/// three-node JetStream cluster, and the service replicas, each with its own readiness port and
/// log in the run's directory. Faults are applied to them here.
final class ChaosDeployment: Sendable {
    let directory: String
    let nodes: [NATSServer]
    let serviceExecutable: String
    let serviceName: String
    let environment: [String: String]
    private let replicas: Mutex<[Replica]>

    struct Replica: Sendable {
        var service: LocalService
        var httpPort: Int
        var paused = false
    }

    private init(directory: String, nodes: [NATSServer], serviceExecutable: String, environment: [String: String]) {
        self.directory = directory
        self.nodes = nodes
        self.serviceExecutable = serviceExecutable
        serviceName = URL(fileURLWithPath: serviceExecutable).lastPathComponent
        self.environment = environment
        replicas = Mutex([])
    }

    /// Every node's client URL, comma-separated (what the services and the load connect to).
    var urls: String { nodes.map(\.url).joined(separator: ",") }

    var processIdentifiers: [Int32] {
        nodes.compactMap(\.processIdentifier) + replicas.withLock { $0.map { $0.service.process.processIdentifier } }
    }

    /// Starts `nodes` servers (three or more form a cluster named `cim-chaos`), with the store of a
    /// single node in `storeDirectory` when given.
    static func start(
        nodes count: Int, sync: ServerSync, storeDirectory: String?, directory: String, serviceExecutable: String, environment: [String: String]
    ) async throws -> ChaosDeployment {
        var nodes: [NATSServer] = []
        do {
            let routes = try (0..<count).map { _ in try FreePort.next() }
            for index in 0..<count {
                var options = NATSServer.Options(
                    serverName: count > 1 ? "cim-chaos-\(index)" : nil, syncInterval: sync == .always ? "always" : nil, storeDirectory: storeDirectory,
                    monitoring: true, keepLogsOnFailure: true)
                // A slow consumer is cut after 2 s of a blocked socket (the default is 10 s).
                options = options.appendingConfig("write_deadline: \"2s\"")
                if count > 1 {
                    let others = routes.enumerated().filter { $0.offset != index }.map { "nats://127.0.0.1:\($0.element)" }
                    options = options.appendingConfig(
                        """
                        cluster {
                          name: cim-chaos
                          listen: 127.0.0.1:\(routes[index])
                          routes: [\(others.joined(separator: ", "))]
                        }
                        """)
                }
                nodes.append(try await NATSServer.start(options))
            }
        } catch {
            for node in nodes { await node.stop(keepingDirectory: true) }
            throw BenchFailure("could not start the nats-server nodes: \(error)")
        }
        return ChaosDeployment(directory: directory, nodes: nodes, serviceExecutable: serviceExecutable, environment: environment)
    }

    // MARK: Replicas

    var replicaCount: Int { replicas.withLock { $0.count } }

    /// Starts a new replica (appended) and waits until it is ready.
    func addReplica() async throws {
        let index = replicaCount
        let port = try FreePort.next()
        let service = try launch(index: index, httpPort: port)
        replicas.withLock { $0.append(Replica(service: service, httpPort: port)) }
        try await waitUntilReady(index)
    }

    private func launch(index: Int, httpPort: Int) throws -> LocalService {
        var variables = environment
        variables["NATS_URL"] = urls
        variables["HTTP_PORT"] = String(httpPort)
        variables["HTTP_HOST"] = "127.0.0.1"
        return try LocalService(
            name: "\(serviceName) replica \(index)", executable: serviceExecutable, environment: variables, logPath: "\(directory)/replica-\(index).log")
    }

    /// Starts replica `index` again (its log goes on) and waits until it is ready.
    func restartReplica(_ index: Int) async throws {
        let port = replicas.withLock { $0[index].httpPort }
        let service = try launch(index: index, httpPort: port)
        replicas.withLock {
            $0[index].service = service
            $0[index].paused = false
        }
        try await waitUntilReady(index)
    }

    /// Waits until replica `index` answers 200 on `GET /readyz` (it is connected and its streams
    /// are there), within `timeout`; fails if it exits first.
    func waitUntilReady(_ index: Int, timeout: Duration = .seconds(90)) async throws {
        let (service, port) = replicas.withLock { ($0[index].service, $0[index].httpPort) }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard service.isRunning else {
                throw BenchFailure("\(service.name) exited with status \(service.process.terminationStatus) before it was ready:\n\(service.logTail())")
            }
            if await HTTPProbe.status(port: port, path: "/readyz") == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchFailure("\(service.name) was not ready within \(timeout):\n\(service.logTail())")
    }

    func killReplica(_ index: Int) async {
        await replicas.withLock { $0[index].service }.kill()
    }

    /// SIGTERM: `exit N`, or `killed` when it had to be killed after 60 s.
    func terminateReplica(_ index: Int) async -> String {
        let service = replicas.withLock { $0[index].service }
        if !service.isRunning { return "exited early (status \(service.process.terminationStatus))" }
        return await service.terminate().map { "exit \($0)" } ?? "killed after 60 s"
    }

    func signalReplica(_ index: Int, _ number: Int32) {
        let pid = replicas.withLock { state -> Int32 in
            state[index].paused = number == SIGSTOP
            return state[index].service.process.processIdentifier
        }
        kill(pid, number)
    }

    func replicaLogTail(_ index: Int) -> String { replicas.withLock { $0[index].service }.logTail() }

    /// The replica's log, whole (for observations: slow consumers, reconnects).
    func replicaLog(_ index: Int) -> String {
        (try? String(contentsOfFile: "\(directory)/replica-\(index).log", encoding: .utf8)) ?? ""
    }

    /// Stops every replica with SIGTERM (a paused one is continued first): each one's exit.
    func stopReplicas() async -> [String] {
        var exits: [String] = []
        for index in 0..<replicaCount {
            if replicas.withLock({ $0[index].paused }) { signalReplica(index, SIGCONT) }
            exits.append(await terminateReplica(index))
        }
        return exits
    }

    func killAll() async {
        for index in 0..<replicaCount {
            if replicas.withLock({ $0[index].paused }) { signalReplica(index, SIGCONT) }
            await killReplica(index)
        }
        for node in nodes {
            if let pid = node.processIdentifier { kill(pid, SIGCONT) }
        }
    }

    // MARK: Nodes

    /// Waits until every node answers 200 on `GET /healthz` (JetStream current: a cluster has its
    /// meta leader and every peer, the streams their leaders).
    func waitUntilHealthy(timeout: Duration = .seconds(90)) async throws {
        for index in nodes.indices { try await waitUntilHealthy(index, timeout: timeout) }
    }

    func waitUntilHealthy(_ index: Int, timeout: Duration = .seconds(90)) async throws {
        guard let port = nodes[index].monitoringPort else { return }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await HTTPProbe.status(port: port, path: "/healthz") == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchFailure("nats-server node \(index) was not healthy (GET /healthz) within \(timeout); its log: \(nodes[index].logPath)")
    }

    /// The index of the node named `serverName`.
    func nodeIndex(serverName: String) -> Int? { nodes.firstIndex { $0.serverName == serverName } }

    func signalNode(_ index: Int, _ number: Int32) {
        if let pid = nodes[index].processIdentifier { kill(pid, number) }
    }

    /// Stops the nodes; keeps their directories (logs) when `keep`.
    func stopNodes(keep: Bool) async {
        for node in nodes { await node.stop(keepingDirectory: keep) }
    }
}

/// A bare `GET` on loopback for the replicas' readiness (a blocking socket, on a thread of its
/// own so that the load's tasks never wait for it).
enum HTTPProbe {
    /// The status code, or nil when nothing answers within a second.
    static func status(port: Int, path: String) async -> Int? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: blockingStatus(port: port, path: path))
            }
        }
    }

    private static func blockingStatus(port: Int, path: String) -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard send(descriptor, request, request.count, 0) == request.count else { return nil }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count >= 12 else { return nil }
        // "HTTP/1.1 200 …"
        return Int(String(decoding: buffer[9..<12], as: UTF8.self))
    }
}
