import Foundation
import NATS
import NIOCore
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The processes of a chaos run, all started by cim-bench on loopback: one nats-server or a
/// three-node JetStream cluster (in network namespaces of its own for `partition`), and the
/// service replicas, each with its own readiness port and log in the run's directory. Faults are
/// applied to them here.
final class ChaosDeployment: Sendable {
    let directory: String
    let nodes: [NATSServer]
    /// The nodes' namespaces (`partition`), else nil: every node on loopback.
    let network: ChaosNetwork?
    let serviceExecutable: String
    let serviceName: String
    let environment: [String: String]
    private let replicas: Mutex<[Replica]>

    struct Replica: Sendable {
        var service: LocalService
        var httpPort: Int
        var paused = false
    }

    private init(directory: String, nodes: [NATSServer], network: ChaosNetwork?, serviceExecutable: String, environment: [String: String]) {
        self.directory = directory
        self.nodes = nodes
        self.network = network
        self.serviceExecutable = serviceExecutable
        serviceName = URL(fileURLWithPath: serviceExecutable).lastPathComponent
        self.environment = environment
        replicas = Mutex([])
    }

    /// Every node's client URL, comma-separated (what the services connect to).
    var urls: String { nodes.map(\.url).joined(separator: ",") }

    /// What the load connects to: every node, or only node 0 in a partition run (the node never
    /// cut off), so that the figures show the service's outage, not the load generator's own.
    var loadURLs: String { network == nil ? urls : nodes[0].url }

    var processIdentifiers: [Int32] {
        nodes.compactMap(\.processIdentifier) + replicas.withLock { $0.map { $0.service.process.processIdentifier } }
    }

    /// Starts `nodes` servers (three or more form a cluster named `cim-chaos`), with the store of a
    /// single node in `storeDirectory` when given; in `network`'s namespaces when given (each node
    /// on its own address, with the standard ports).
    static func start(
        nodes count: Int, sync: ServerSync, storeDirectory: String?, network: ChaosNetwork? = nil, directory: String, serviceExecutable: String,
        environment: [String: String]
    ) async throws -> ChaosDeployment {
        var nodes: [NATSServer] = []
        do {
            let routeHosts = (0..<count).map { network?.address($0) ?? "127.0.0.1" }
            let routes = try (0..<count).map { _ in network == nil ? try FreePort.next() : 6222 }
            for index in 0..<count {
                var options = NATSServer.Options(
                    port: network == nil ? nil : 4222, host: routeHosts[index], launcher: network?.launcher(index) ?? [],
                    serverName: count > 1 ? "cim-chaos-\(index)" : nil, syncInterval: sync == .always ? "always" : nil, storeDirectory: storeDirectory,
                    monitoring: true, keepLogsOnFailure: true)
                // A slow consumer is cut after 2 s of a blocked socket (the default is 10 s).
                options = options.appendingConfig("write_deadline: \"2s\"")
                if count > 1 {
                    let others = (0..<count).filter { $0 != index }.map { "nats://\(routeHosts[$0]):\(routes[$0])" }
                    options = options.appendingConfig(
                        """
                        cluster {
                          name: cim-chaos
                          listen: \(routeHosts[index]):\(routes[index])
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
        return ChaosDeployment(directory: directory, nodes: nodes, network: network, serviceExecutable: serviceExecutable, environment: environment)
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
            // A node paused by a fault that failed midway: continued, so that it can stop.
            guard node.isRunning else { continue }
            do {
                try node.resume()
            } catch {
                // It exited between the check and the signal; said, not hidden.
                FileHandle.standardError.write(Data("cim-bench chaos: a node was not continued: \(error)\n".utf8))
            }
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
            if await HTTPProbe.status(host: nodes[index].host, port: port, path: "/healthz") == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchFailure("nats-server node \(index) was not healthy (GET /healthz) within \(timeout); its log: \(nodes[index].logPath)")
    }

    /// The index of the node named `serverName`.
    func nodeIndex(serverName: String) -> Int? { nodes.firstIndex { $0.serverName == serverName } }

    /// Stops the nodes; keeps their directories (logs) when `keep`.
    func stopNodes(keep: Bool) async {
        for node in nodes { await node.stop(keepingDirectory: keep) }
    }
}

/// A bare `GET` for the replicas' readiness and the nodes' health (a blocking socket, on a thread
/// of its own so that the load's tasks never wait for it).
enum HTTPProbe {
    /// The status code, or nil when nothing answers within a second.
    static func status(host: String = "127.0.0.1", port: Int, path: String) async -> Int? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: blockingStatus(host: host, port: port, path: path))
            }
        }
    }

    private static func blockingStatus(host: String, port: Int, path: String) -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr(host))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: \(host)\r\n\r\n".utf8)
        guard send(descriptor, request, request.count, 0) == request.count else { return nil }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count >= 12 else { return nil }
        // "HTTP/1.1 200 …"
        return Int(String(decoding: buffer[9..<12], as: UTF8.self))
    }
}
