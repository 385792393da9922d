import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The network of a `partition` run: one network namespace per nats-server node, each joined by a
/// veth pair to a bridge in the host's namespace, where cim-bench and the service replicas run.
/// A node is cut off by taking its link down (packets are dropped, connections stall as in a real
/// partition: no reset, no error) and joined again by bringing it up.
///
/// Everything is made by the run and named after its process (`cim<tag>…`), and removed at its
/// end; one left by a run that was killed is removed by the next (`removeStale`). Needs root and
/// iproute2 (`ip netns`).
struct ChaosNetwork: Sendable {
    /// Short and unique per process (interface names hold 15 characters).
    let tag: String
    let nodes: Int
    /// `10.213.<octet>.0/24`: nodes at .1, .2, …, the bridge (the host's side) at .254.
    let octet: Int

    static let ip = "/usr/sbin/ip"
    static let prefix = "cim"

    var bridge: String { "\(Self.prefix)b\(tag)" }
    func namespace(_ node: Int) -> String { "\(Self.prefix)\(tag)n\(node)" }
    func hostLink(_ node: Int) -> String { "\(Self.prefix)v\(tag)n\(node)" }
    func address(_ node: Int) -> String { "10.213.\(octet).\(node + 1)" }
    /// Runs a node's server inside its namespace (`ip netns exec` execs it: the pid is the server's).
    func launcher(_ node: Int) -> [String] { [Self.ip, "netns", "exec", namespace(node)] }

    /// Makes the bridge, the namespaces and their links.
    static func create(nodes: Int) throws -> ChaosNetwork {
        guard geteuid() == 0 else {
            throw BenchFailure("partition runs the nats-server nodes in network namespaces (ip netns), which needs root; run it as root, or use --scenario node-pause")
        }
        guard FileManager.default.isExecutableFile(atPath: ip) else {
            throw BenchFailure("partition needs iproute2's \(ip) to make network namespaces; install iproute2, or use --scenario node-pause")
        }
        removeStale()
        let pid = Int(getpid())
        let tag = String(pid, radix: 36)
        let used = (try? run(["-4", "-o", "addr", "show"]))?.output ?? ""
        guard let octet = (0..<250).map({ (pid + $0) % 250 + 1 }).first(where: { !used.contains("10.213.\($0).") }) else {
            throw BenchFailure("no free 10.213.x.0/24 subnet for the partition run's bridge")
        }
        let network = ChaosNetwork(tag: tag, nodes: nodes, octet: octet)
        do {
            try run(["link", "add", network.bridge, "type", "bridge"])
            try run(["link", "set", network.bridge, "up"])
            try run(["addr", "add", "10.213.\(octet).254/24", "dev", network.bridge])
            for node in 0..<nodes {
                let namespace = network.namespace(node)
                try run(["netns", "add", namespace])
                try run(["link", "add", network.hostLink(node), "type", "veth", "peer", "name", "eth0", "netns", namespace])
                try run(["link", "set", network.hostLink(node), "master", network.bridge, "up"])
                try run(["netns", "exec", namespace, ip, "addr", "add", "\(network.address(node))/24", "dev", "eth0"])
                try run(["netns", "exec", namespace, ip, "link", "set", "eth0", "up"])
                try run(["netns", "exec", namespace, ip, "link", "set", "lo", "up"])
            }
        } catch {
            network.remove()
            throw error
        }
        return network
    }

    /// Cuts `node` off: its link to the bridge goes down.
    func isolate(_ node: Int) throws {
        try Self.run(["link", "set", hostLink(node), "down"])
    }

    /// Joins `node` again.
    func heal(_ node: Int) throws {
        try Self.run(["link", "set", hostLink(node), "up"])
    }

    /// Removes the namespaces (their links go with them) and the bridge; says what it could not.
    func remove() {
        for node in 0..<nodes {
            let namespace = namespace(node)
            if Self.namespaces().contains(namespace) {
                do {
                    try Self.run(["netns", "delete", namespace])
                } catch {
                    printError("cim-bench chaos: could not remove the network namespace \(namespace): \(error)")
                }
            }
        }
        if (try? Self.run(["link", "show", bridge])) != nil {
            do {
                try Self.run(["link", "delete", bridge])
            } catch {
                printError("cim-bench chaos: could not remove the bridge \(bridge): \(error)")
            }
        }
    }

    /// Removes what runs that no longer exist left behind (a run killed before its cleanup).
    static func removeStale() {
        let links = (try? run(["-o", "link", "show", "type", "bridge"]))?.output ?? ""
        var staleTags: Set<String> = []
        for line in links.split(separator: "\n") {
            // "7: cimb1a2b: <…>": the name is the second field.
            let fields = line.split(separator: " ")
            guard fields.count > 1 else { continue }
            let name = fields[1].trimmingCharacters(in: CharacterSet(charactersIn: ":")).split(separator: "@")[0]
            guard name.hasPrefix("\(prefix)b") else { continue }
            staleTags.insert(String(name.dropFirst(prefix.count + 1)))
        }
        for namespace in namespaces() where namespace.hasPrefix(prefix) {
            if let range = namespace.range(of: "n", options: .backwards) {
                staleTags.insert(String(namespace[namespace.index(namespace.startIndex, offsetBy: prefix.count)..<range.lowerBound]))
            }
        }
        for tag in staleTags {
            guard let pid = Int32(tag, radix: 36), kill(pid, 0) != 0, errno == ESRCH else { continue }
            let namespaces = namespaces().filter { $0.hasPrefix("\(prefix)\(tag)n") }
            ChaosNetwork(tag: tag, nodes: namespaces.count, octet: 0).remove()
            printError("cim-bench chaos: removed the network of an earlier run (process \(pid), no longer running)")
        }
    }

    private static func namespaces() -> [String] {
        ((try? run(["netns", "list"]))?.output ?? "").split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    /// Runs `ip arguments…`; throws with its output when it fails.
    @discardableResult
    private static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = ToolRun.run(ip, arguments)
        guard result.status == 0 else {
            throw BenchFailure("ip \(arguments.joined(separator: " ")) failed (status \(result.status)): \(result.output)")
        }
        return result
    }
}
