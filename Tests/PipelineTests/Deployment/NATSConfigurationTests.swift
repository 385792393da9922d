import Foundation
import NATS
import NIOCore
import Synchronization
import TestSupport
import Testing
import Wire

#if canImport(Glibc)
import Glibc
#endif

/// The nats-server configurations of `deployment/nats/`, run as written: only ports, store
/// directories and host names are rewritten for a test on loopback; accounts, permissions, TLS,
/// routes, leaf-node authentication and JetStream settings are the files' own (the included files
/// are copied unchanged, because nats-server resolves an `include` relative to the including file).
///
/// - The 3-node cluster forms and elects a JetStream meta leader; the four services, each logged
///   in as its own user of `accounts.conf` over TLS (`tls.conf`), create R3 streams and answer a
///   command sent by the `bench` user; nothing they do is refused by their permissions.
/// - A service cannot publish into another service's events, subscribe to its commands, or delete
///   its own stream.
/// - `dev.conf`, `durable.conf` (its fsync policy) and `leaf.conf` (joined to a hub over TLS with
///   its NKey) start.
@Suite(.serialized) struct NATSConfigurationTests {
    @Test func theClusterRunsEveryServiceUnderItsOwnUserWithR3Streams() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let certificates = try await DeploymentCertificates.make(in: scratch.path("tls"))
        let secrets = Secrets.random()
        var environment = secrets.environment
        environment.merge(certificates.environment) { $1 }
        environment["CIM_LEAF_NKEY"] = TestNKey.publicKey

        let cluster = try ClusterLayout(scratch: scratch, ports: PortPool())
        var servers: [ConfiguredNATSServer] = []
        var services: [ServiceProcess] = []
        defer {
            for service in services { service.cleanUp() }
            for server in servers { server.cleanUp() }
        }
        for node in 1...3 {
            servers.append(try ConfiguredNATSServer(name: "cim-nats-\(node)", configuration: cluster.configuration(of: node), environment: environment))
        }
        for server in servers { try await server.waitForOutput("Server is ready") }
        // "JetStream cluster new metadata leader: cim-nats-2/cim" or "Self is new JetStream
        // cluster metadata leader", once every node knows the leader.
        for server in servers { try await server.waitForOutput("metadata leader") }

        let urls = cluster.clientPorts.map { "tls://127.0.0.1:\($0)" }.joined(separator: ",")
        for service in Self.services {
            services.append(try ServiceProcess(url: urls, environment: [
                "NATS_USER": service.name,
                "NATS_PASSWORD": secrets.password(of: service.name),
                "NATS_TLS_CA": certificates.ca,
                "STREAM_REPLICAS": "3",
                "SHARDS": "1",
                "HTTP_PORT": "0",
            ], name: service.name))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services {
                group.addTask {
                    do {
                        try await service.waitForLine(containing: "serving", within: .seconds(60))
                    } catch {
                        throw RuntimeTestError("\(service.name) did not start (\(error)):\n\(service.log)")
                    }
                }
            }
            try await group.waitForAll()
        }

        try await withDeploymentClient(urls, user: "bench", password: secrets.password(of: "bench"), ca: certificates.ca) { bench in
            for service in Self.services {
                let reply = try await bench.request(ByteBuffer(string: service.create), to: service.subject, timeout: .seconds(20))
                let text = String(buffer: reply.payload)
                let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                #expect(object?["error"] == nil, "\(service.name) refused the command: \(text)")
                #expect(object?["version"] as? Int == 1, "\(service.name): \(text)")
                #expect(object.map(service.accepted) == true, "\(service.name): \(text)")

                let info = try await replicationInfo(bench, service.stream)
                #expect(info.replicas == 3, "\(service.stream): \(info)")
                #expect(Set(info.nodes) == ["cim-nats-1", "cim-nats-2", "cim-nats-3"], "\(service.stream) is not on every node: \(info)")
                #expect(info.messages >= 1, "\(service.stream) stored nothing: \(info)")
            }
            let snapshots = try await replicationInfo(bench, "KV_PERSON_EVENTS_SNAPSHOTS")
            #expect(snapshots.replicas == 3, "the snapshot bucket: \(snapshots)")
        }
        // The production checklist, as an operator runs it against this deployment: every stream
        // with 3 replicas and its buckets, every service answering $SRV.PING.
        let verify = try runVerify(urls: urls, password: secrets.password(of: "bench"), ca: certificates.ca)
        #expect(verify.status == 0, "deployment/verify.py failed:\n\(verify.output)")
        #expect(verify.output.contains("ok:") && !verify.output.contains("FAIL"), "\(verify.output)")

        // Every grant the runtime needed was there: no refusal so far, on any node.
        for server in servers {
            #expect(!server.log.contains("Violation"), "\(server.name) refused something:\n\(server.log.violations)")
        }

        // A service cannot write another's events, read another's commands, or delete its stream.
        let agentStoredBefore = try await withDeploymentClient(urls, user: "bench", password: secrets.password(of: "bench"), ca: certificates.ca) { bench in
            try await replicationInfo(bench, "AGENT_EVENTS").messages
        }
        try await withDeploymentClient(urls, user: "person-service", password: secrets.password(of: "person-service"), ca: certificates.ca) { person in
            let errors = ServerErrors(person)
            try await person.publish(ByteBuffer(string: #"{"forged":true}"#), to: "agent.events.x.y")
            let published = try await errors.next("the refusal of the publish")
            #expect(published.code == .permissionsViolation, "\(published)")
            #expect(published.serverMessage == #"Permissions Violation for Publish to "agent.events.x.y""#, "\(published)")

            let commands = try await person.subscribe(to: "agent.commands.>")
            let subscribed = try await errors.next("the refusal of the subscription")
            #expect(subscribed.code == .permissionsViolation, "\(subscribed)")
            #expect(subscribed.serverMessage == #"Permissions Violation for Subscription to "agent.commands.>""#, "\(subscribed)")
            // The refused subscription ends with that error.
            await #expect(throws: NATSClientError.self) {
                try await withTimeout(.seconds(10), "the refused subscription to end") {
                    for try await _ in commands {}
                }
            }

            // Nor can it read replies meant for others: only its own inbox prefix is allowed.
            _ = try await person.subscribe(to: "_INBOX.>")
            let inboxes = try await errors.next("the refusal of the shared inbox")
            #expect(inboxes.serverMessage == #"Permissions Violation for Subscription to "_INBOX.>""#, "\(inboxes)")

            // Its own stream: create, update and read yes, delete no (the server drops the request).
            await #expect(throws: NATSClientError.self) {
                _ = try await person.request(ByteBuffer(), to: "$JS.API.STREAM.DELETE.PERSON_EVENTS", timeout: .seconds(1))
            }
            let deleted = try await errors.next("the refusal of the stream delete")
            #expect(deleted.serverMessage == #"Permissions Violation for Publish to "$JS.API.STREAM.DELETE.PERSON_EVENTS""#, "\(deleted)")
            try await person.flush()
        }
        try await withDeploymentClient(urls, user: "bench", password: secrets.password(of: "bench"), ca: certificates.ca) { bench in
            let agentStored = try await replicationInfo(bench, "AGENT_EVENTS").messages
            #expect(agentStored == agentStoredBefore, "the forged event was stored")
            let personStored = try await replicationInfo(bench, "PERSON_EVENTS").messages
            #expect(personStored >= 1, "PERSON_EVENTS was deleted")
        }
        #expect(servers.contains { $0.log.contains(#"Publish Violation - Subject "agent.events.x.y""#) }, "no node logged the refusal")

        // The services drain and exit 0 (their last snapshots written under the same permissions),
        // and never met a refusal.
        for service in services { service.signal(SIGTERM) }
        for service in services {
            #expect(try await service.waitForExit(within: .seconds(45)) == 0, "\(service.name):\n\(service.log)")
            #expect(!service.log.lowercased().contains("permissions violation"), "\(service.name) was refused something:\n\(service.log)")
        }
        for server in servers { await server.stop() }
    }

    @Test func devDurableAndLeafConfigurationsStart() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let certificates = try await DeploymentCertificates.make(in: scratch.path("tls"))
        // dev.conf runs with the development passwords of dev.env, as its comment says.
        let development = try DeploymentFiles.environmentFile("dev.env")
        var environment = development
        environment.merge(certificates.environment) { $1 }
        environment["CIM_LEAF_NKEY"] = TestNKey.publicKey
        environment["CIM_LEAF_SEED"] = TestNKey.seed

        var servers: [ConfiguredNATSServer] = []
        defer { for server in servers { server.cleanUp() } }

        // dev.conf: loopback, JetStream in a directory relative to where it starts.
        let ports = PortPool()
        let dev = try ports.take(2)
        let devDirectory = scratch.path("dev")
        try DeploymentFiles.copy(["accounts.conf"], to: devDirectory)
        try DeploymentFiles.write("dev.conf", to: devDirectory, replacing: [
            ("listen: 127.0.0.1:4222", "listen: 127.0.0.1:\(dev[0])"),
            ("http: 127.0.0.1:8222", "http: 127.0.0.1:\(dev[1])"),
        ])
        servers.append(try ConfiguredNATSServer(name: "cim-dev", configuration: devDirectory + "/dev.conf", environment: environment))

        // durable.conf: sync_interval always.
        let durable = try ports.take(2)
        let durableDirectory = scratch.path("durable")
        try DeploymentFiles.copy(["accounts.conf"], to: durableDirectory)
        try DeploymentFiles.write("durable.conf", to: durableDirectory, replacing: [
            ("listen: 127.0.0.1:4222", "listen: 127.0.0.1:\(durable[0])"),
            ("http: 127.0.0.1:8222", "http: 127.0.0.1:\(durable[1])"),
            ("store_dir: /var/lib/nats/jetstream", "store_dir: \(NATSServer.quoted(durableDirectory + "/jetstream"))"),
        ])
        servers.append(try ConfiguredNATSServer(name: "cim-durable", configuration: durableDirectory + "/durable.conf", environment: environment))

        // leaf.conf, joined to a hub: node 1 of the cluster files, alone (its routes lead nowhere).
        let hubLayout = try ClusterLayout(scratch: scratch, ports: ports, nodes: [1])
        let hub = try ConfiguredNATSServer(name: "hub", configuration: hubLayout.configuration(of: 1), environment: environment)
        servers.append(hub)
        for server in servers { try await server.waitForOutput("Server is ready") }

        let leaf = try ports.take(2)
        let leafDirectory = scratch.path("leaf")
        try DeploymentFiles.copy(["accounts.conf", "tls.conf"], to: leafDirectory)
        var leafReplacements = [
            ("listen: 127.0.0.1:4222", "listen: 127.0.0.1:\(leaf[0])"),
            ("http: 127.0.0.1:8222", "http: 127.0.0.1:\(leaf[1])"),
            ("store_dir: /var/lib/nats/jetstream", "store_dir: \(NATSServer.quoted(leafDirectory + "/jetstream"))"),
        ]
        for node in 1...3 {
            leafReplacements.append(("nats-leaf://cim-nats-\(node).internal:7422", "nats-leaf://127.0.0.1:\(hubLayout.leafPorts[0])"))
        }
        try DeploymentFiles.write("leaf.conf", to: leafDirectory, replacing: leafReplacements)
        let leafServer = try ConfiguredNATSServer(name: "cim-leaf-1", configuration: leafDirectory + "/leaf.conf", environment: environment)
        servers.append(leafServer)
        try await leafServer.waitForOutput("Server is ready")
        // Over TLS, authenticated by its NKey, bound to the account CIM on both sides.
        try await leafServer.waitForOutput("Leafnode connection created for account: CIM")
        try await hub.waitForOutput("Leafnode connection created")
        try await leafServer.waitForOutput(#"JetStream using domains: local "leaf""#)

        // dev.conf: a client without credentials is the bench user and reaches JetStream.
        try await withDeploymentClient("nats://127.0.0.1:\(dev[0])", user: nil, password: nil, ca: nil) { anonymous in
            let info = try await JetStream(client: anonymous).accountInfo()
            #expect(info.streams == 0, "\(info)")
        }
        // durable.conf: the server reports that it fsyncs every write (asked as the system user).
        let systemPassword = try #require(development["SYSTEM_PASSWORD"])
        try await withDeploymentClient("nats://127.0.0.1:\(durable[0])", user: "system", password: systemPassword, ca: nil) { system in
            let reply = try await system.request(ByteBuffer(), to: "$SYS.REQ.SERVER.PING.VARZ", timeout: .seconds(10))
            let object = try JSONSerialization.jsonObject(with: Data(reply.payload.readableBytesView)) as? [String: Any]
            let data = object?["data"] as? [String: Any]
            let jetStream = (data?["jetstream"] as? [String: Any])?["config"] as? [String: Any]
            #expect(jetStream?["sync_always"] as? Bool == true, "\(String(buffer: reply.payload))")
        }
        for server in servers {
            #expect(!server.log.contains("[ERR]") || server === hub, "\(server.name) logged an error:\n\(server.log)")
        }
        for server in servers { await server.stop() }
    }

    // MARK: The four services

    struct Service: Sendable {
        var name: String
        var stream: String
        var subject: String
        var create: String
        /// Whether a reply (without `error`, at version 1) is the domain's success shape.
        var accepted: @Sendable ([String: Any]) -> Bool
    }

    /// One create command each, as the README's `nats req` lines send them.
    static let services: [Service] = [
        Service(
            name: "person-service", stream: "PERSON_EVENTS", subject: "person.commands.create",
            create: #"{"CreatePerson":{"person_id":{"id":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"},"name":{"components":{"given_names":["Ada"],"family_names":["Lovelace"],"patronymic":null,"matronymic":null,"prefixes":[],"suffixes":[]},"preferred_form":null,"naming_convention":"Western"},"source":"cli"}}"#,
            accepted: { ($0["aggregate_id"] as? [String: Any])?["id"] as? String == "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" }),
        Service(
            name: "location-service", stream: "LOCATION_EVENTS", subject: "location.commands.define",
            create: #"{"location_id":"550e8400-e29b-41d4-a716-446655440000","name":"Test Location","location_type":"Physical","address":{"street":"123 Main St","locality":"Springfield","region":"IL","country":"US","postal_code":"62701"}}"#,
            accepted: { $0["status"] as? String == "accepted" }),
        Service(
            name: "agent-service", stream: "AGENT_EVENTS", subject: "agent.commands.deploy",
            create: #"{"type":"DeployAgent","agent_id":"0b7e4c52-1d3a-4f6e-9a8b-7c6d5e4f3a2b","person_id":"550e8400-e29b-41d4-a716-446655440000","name":"sage","description":"a helpful agent"}"#,
            accepted: { $0["status"] as? String == "ok" }),
        Service(
            name: "policy-service", stream: "POLICY_EVENTS", subject: "policy.commands.create",
            create: #"{"policy_id":"550e8400-e29b-41d4-a716-446655440000","name":"Data Retention Policy","description":"All customer data must be retained for 7 years","policy_type":"Retention","enforcement":"Mandatory","scope":"Organization"}"#,
            accepted: { $0["status"] as? String == "accepted" }),
    ]
}

// MARK: - verify.py

/// Runs `deployment/verify.py URLS --replicas 3` as the bench user (python3 with nats-py, which
/// scripts/install-deps.sh installs): its exit status and output.
private func runVerify(urls: String, password: String, ca: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", DeploymentFiles.directory + "/../verify.py", urls, "--replicas", "3", "--tls-ca", ca, "--timeout", "3"]
    var environment = ProcessInfo.processInfo.environment
    environment["NATS_USER"] = "bench"
    environment["NATS_PASSWORD"] = password
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}

// MARK: - Files

/// The repository's `deployment/nats/` files.
private enum DeploymentFiles {
    /// `deployment/nats` of the checkout this test was built from.
    static var directory: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Deployment
            .deletingLastPathComponent()  // PipelineTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the repository
            .appendingPathComponent("deployment/nats").path
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    /// Copies files unchanged (included files: the nats-server resolves them next to their includer).
    static func copy(_ names: [String], to destination: String) throws {
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        for name in names {
            try Data(try text(name).utf8).write(to: URL(fileURLWithPath: destination + "/" + (name as NSString).lastPathComponent))
        }
    }

    /// Writes `name` into `destination` with each replacement made; each must apply, so a change
    /// of the file that the test no longer matches fails here, not as a confusing start-up error.
    static func write(_ name: String, to destination: String, as target: String? = nil, replacing replacements: [(String, String)]) throws {
        var text = try text(name)
        for (old, new) in replacements {
            guard text.contains(old) else {
                throw RuntimeTestError("deployment/nats/\(name) no longer contains \"\(old)\": update NATSConfigurationTests")
            }
            text = text.replacingOccurrences(of: old, with: new)
        }
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: destination + "/" + (target ?? (name as NSString).lastPathComponent)))
    }

    /// `KEY=value` lines of an environment file (comments and blank lines skipped).
    static func environmentFile(_ name: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try text(name).split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }
}

/// The cluster files laid out for loopback: `<scratch>/{accounts,tls}.conf` unchanged, and per
/// node `<scratch>/node-N/node-N.conf` (unchanged) with its `common.conf` on the node's ports.
private struct ClusterLayout {
    let directory: String
    let clientPorts: [Int]
    let leafPorts: [Int]

    init(scratch: Scratch, ports: PortPool, nodes: [Int] = [1, 2, 3]) throws {
        directory = scratch.path("cluster")
        try DeploymentFiles.copy(["accounts.conf", "tls.conf"], to: directory)
        let all = try ports.take(4 * nodes.count + (nodes.count < 3 ? 3 - nodes.count : 0))
        // Per node: client, route, leaf, monitoring; then the route ports of absent nodes.
        var client: [Int] = [], route: [Int: Int] = [:], leaf: [Int] = [], monitoring: [Int] = []
        for (index, node) in nodes.enumerated() {
            client.append(all[4 * index])
            route[node] = all[4 * index + 1]
            leaf.append(all[4 * index + 2])
            monitoring.append(all[4 * index + 3])
        }
        var spare = all.dropFirst(4 * nodes.count).makeIterator()
        for node in 1...3 where route[node] == nil { route[node] = spare.next() }
        clientPorts = client
        leafPorts = leaf
        for (index, node) in nodes.enumerated() {
            let nodeDirectory = directory + "/node-\(node)"
            var replacements = [
                ("listen: 0.0.0.0:4222", "listen: 127.0.0.1:\(client[index])"),
                ("http: 127.0.0.1:8222", "http: 127.0.0.1:\(monitoring[index])"),
                ("listen: 0.0.0.0:6222", "listen: 127.0.0.1:\(route[node]!)"),
                ("listen: 0.0.0.0:7422", "listen: 127.0.0.1:\(leaf[index])"),
                ("store_dir: /var/lib/nats/jetstream", "store_dir: \(NATSServer.quoted(nodeDirectory + "/jetstream"))"),
            ]
            for peer in 1...3 {
                replacements.append(("nats-route://cim-nats-\(peer).internal:6222", "nats-route://127.0.0.1:\(route[peer]!)"))
            }
            try DeploymentFiles.write("cluster/common.conf", to: nodeDirectory, replacing: replacements)
            try DeploymentFiles.write("cluster/node-\(node).conf", to: nodeDirectory, replacing: [])
        }
    }

    func configuration(of node: Int) -> String { directory + "/node-\(node)/node-\(node).conf" }
}

/// Free loopback ports, each handed out once per test.
private final class PortPool {
    private var taken: Set<Int> = []

    func take(_ count: Int) throws -> [Int] {
        var found: [Int] = []
        while found.count < count {
            let port = try FreePort.next()
            if taken.insert(port).inserted { found.append(port) }
        }
        return found
    }
}

/// A temporary directory, removed at the end (kept with `NATS_SERVER_KEEP_LOGS=1`).
private struct Scratch {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cim-nats-deployment-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory + "/" + name }

    func remove() {
        if ProcessInfo.processInfo.environment["NATS_SERVER_KEEP_LOGS"] == "1" {
            FileHandle.standardError.write(Data("NATSConfigurationTests: kept \(directory)\n".utf8))
        } else {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}

/// The passwords `accounts.conf` reads from the server's environment; random per test.
private struct Secrets {
    static let users = ["person-service", "location-service", "agent-service", "policy-service", "bench", "system"]
    let passwords: [String: String]

    static func random() -> Secrets {
        var passwords: [String: String] = [:]
        for user in users {
            // Letters first: a value of digits only would be read as a number, not a password.
            passwords[user] = "pw" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        }
        return Secrets(passwords: passwords)
    }

    func password(of user: String) -> String { passwords[user] ?? "" }

    /// `PERSON_SERVICE_PASSWORD=…`, …, `BENCH_PASSWORD`, `SYSTEM_PASSWORD`.
    var environment: [String: String] {
        var variables: [String: String] = [:]
        for (user, password) in passwords {
            variables[user.uppercased().replacingOccurrences(of: "-", with: "_") + "_PASSWORD"] = password
        }
        return variables
    }
}

/// The public test key pair of nats-io/nkeys (also in ../shared/reference/nats-protocol.md §4):
/// the leaf node's identity in these tests, not a deployment's.
private enum TestNKey {
    static let seed = "SUAOTBNEUHZDFJT3EUMELT7MQTP24JF3XVCXQNDSCU74G5IU6VAJBKH5LI"
    static let publicKey = "UDE6WTGLTTPCRJRJCKBJRGVNZTLIVR7LEEELR4CYWWWBKJS7XYIKXDUU"
}

/// A throwaway CA and one certificate for every server of the test (localhost, 127.0.0.1; server
/// and client use, for routes and leaf connections), made with the openssl command line.
private struct DeploymentCertificates {
    let directory: String
    var ca: String { directory + "/ca.pem" }

    /// What `tls.conf` reads.
    var environment: [String: String] {
        ["NATS_SERVER_TLS_CERT": directory + "/server.pem", "NATS_SERVER_TLS_KEY": directory + "/server-key.pem", "NATS_SERVER_TLS_CA": ca]
    }

    static func make(in directory: String) async throws -> DeploymentCertificates {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n"
            .write(toFile: directory + "/server.ext", atomically: true, encoding: .utf8)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await TestCertificates.openssl(["req", "-x509"] + ec + ["-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=cim-deployment-test-ca",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], in: directory)
        try await TestCertificates.openssl(["req"] + ec + ["-keyout", "server-key.pem", "-out", "server.csr", "-subj", "/CN=localhost"], in: directory)
        try await TestCertificates.openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "server.ext"], in: directory)
        return DeploymentCertificates(directory: directory)
    }
}

// MARK: - Processes and clients

/// A nats-server started from a configuration file with the environment the file needs (the
/// fixture `NATSServer` writes its own file and passes no environment). Its output arrives as
/// events a test waits on; nothing is polled.
private final class ConfiguredNATSServer: Sendable {
    let name: String
    let process: Process
    let output = Transcript()
    /// One announcement per chunk of output, and one at the exit.
    let changes = Announcements<Void>()

    init(name: String, configuration: String, environment: [String: String]) throws {
        self.name = name
        let executable = try NATSServer.locateExecutable()
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        let pipe = Pipe()
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", configuration]
        process.currentDirectoryURL = URL(fileURLWithPath: configuration).deletingLastPathComponent()
        process.environment = variables
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = pipe
        process.standardError = pipe
        let output = self.output
        let changes = self.changes
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            changes.announce(())
        }
        process.terminationHandler = { _ in changes.announce(()) }
        try process.run()
    }

    var log: String { output.text.withLock { $0 } }

    /// Waits until the output contains `text` (also when it was printed before the call).
    func waitForOutput(_ text: String, within timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !log.contains(text) {
            guard process.isRunning else {
                throw RuntimeTestError("\(name) exited (\(process.terminationStatus)) before printing \"\(text)\":\n\(log)")
            }
            let left = deadline - ContinuousClock.now
            do {
                guard left > .zero else { throw RuntimeTestError("out of time") }
                try await changes.next(within: left, "\(name) to print \"\(text)\"")
            } catch {
                if log.contains(text) { return }
                throw RuntimeTestError("\(name) did not print \"\(text)\" within \(timeout) (\(error)):\n\(log.suffix(4000))")
            }
        }
    }

    /// SIGTERM, then SIGKILL if it has not exited within 10 s.
    func stop() async {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline {
            _ = try? await changes.next(within: deadline - ContinuousClock.now, "\(name) to exit")
        }
        cleanUp()
    }

    /// Kills it if it still runs (every path of a test ends here).
    func cleanUp() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

extension String {
    /// The refusal lines of a nats-server log.
    fileprivate var violations: String {
        split(separator: "\n").filter { $0.contains("Violation") }.joined(separator: "\n")
    }
}

/// The `-ERR` reports of one client, in order.
private final class ServerErrors: Sendable {
    let reports = Announcements<NATSClientError>()
    let listener: Task<Void, Never>

    init(_ client: NATSClient) {
        let reports = self.reports
        listener = Task {
            for await event in client.connectionEvents {
                if case .error(let error) = event { reports.announce(error) }
            }
        }
    }

    deinit { listener.cancel() }

    func next(_ what: String) async throws -> NATSClientError {
        try await reports.next(within: .seconds(10), what)
    }
}

/// Runs `body` with a connected client (`user` nil: no credentials) and closes it afterwards.
private func withDeploymentClient<T: Sendable>(
    _ urls: String, user: String?, password: String?, ca: String?, _ body: (NATSClient) async throws -> T
) async throws -> T {
    var configuration = try NATSClientConfiguration(url: urls)
    if let user, let password { configuration.authentication = .userPassword(user: user, password: password) }
    if let ca { configuration.tls = .init(caFile: ca) }
    // A service's user may subscribe to its own replies only: `_INBOX_<service>.>`, the prefix the
    // services use by default.
    if let user, user.hasSuffix("-service") { configuration.inboxPrefix = "_INBOX_\(user)" }
    configuration.maxReconnectAttempts = 5
    let client = try NATSClient(configuration: configuration)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await client.run() }
        defer { group.cancelAll() }
        do {
            try await client.waitUntilConnected(timeout: .seconds(20))
            let result = try await body(client)
            client.close()
            return result
        } catch {
            client.close()
            throw error
        }
    }
}

/// What `STREAM.INFO` says about replication (the client's `StreamInfo` has no cluster part).
private struct ReplicationInfo: CustomStringConvertible {
    var replicas: Int
    /// The leader and the other replicas' servers.
    var nodes: [String]
    var messages: Int
    var description: String
}

private func replicationInfo(_ client: NATSClient, _ stream: String) async throws -> ReplicationInfo {
    let reply = try await client.request(ByteBuffer(), to: "$JS.API.STREAM.INFO.\(stream)", timeout: .seconds(10))
    let text = String(buffer: reply.payload)
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], object["error"] == nil else {
        throw RuntimeTestError("STREAM.INFO \(stream): \(text)")
    }
    let config = object["config"] as? [String: Any]
    let cluster = object["cluster"] as? [String: Any]
    let state = object["state"] as? [String: Any]
    var nodes = [cluster?["leader"] as? String].compactMap { $0 }
    nodes += (cluster?["replicas"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    return ReplicationInfo(
        replicas: config?["num_replicas"] as? Int ?? 0, nodes: nodes, messages: state?["messages"] as? Int ?? 0,
        description: text)
}
