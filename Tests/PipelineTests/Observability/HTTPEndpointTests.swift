import Prometheus
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

@testable import Pipeline

@Suite struct HTTPEndpointTests {
    /// What `/readyz` reports, switched by the test.
    final class ReadinessSwitch: Sendable {
        let state = Mutex(Readiness.ready)
        func set(_ readiness: Readiness) { state.withLock { $0 = readiness } }
        var current: Readiness { state.withLock { $0 } }
    }

    /// Runs an endpoint on a free port while `body` runs (with the bound port).
    func withEndpoint<T: Sendable>(
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        readiness: @escaping ReadinessCheck = { .ready },
        _ body: (Int) async throws -> T
    ) async throws -> T {
        let listening = Announcements<Int>()
        let endpoint = HTTPEndpoint(
            configuration: HTTPEndpointConfiguration(port: try FreePort.next()),
            registry: registry,
            logger: quietLogger,
            readiness: readiness,
            onListening: { listening.announce($0) }
        )
        return try await withServicesRunning([endpoint]) {
            let port = try await listening.next("the HTTP endpoint to listen")
            #expect(port == endpoint.configuration.port)
            return try await body(port)
        }
    }

    @Test func healthzAnswersOK() async throws {
        try await withEndpoint { port in
            let response = try await HTTPTestClient.get("/healthz", port: port)
            #expect(response.status == 200)
            #expect(response.body == "ok\n")
            #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
        }
    }

    @Test func readyzFollowsTheReadinessCheck() async throws {
        let readiness = ReadinessSwitch()
        try await withEndpoint(readiness: { readiness.current }) { port in
            let ready = try await HTTPTestClient.get("/readyz", port: port)
            #expect(ready.status == 200)
            #expect(ready.body == "ready\n")

            readiness.set(.notReady(reasons: ["nats: not connected", "shards: recovering 3 of 8"]))
            let notReady = try await HTTPTestClient.get("/readyz", port: port)
            #expect(notReady.status == 503)
            #expect(notReady.body == "nats: not connected\nshards: recovering 3 of 8\n")

            readiness.set(.ready)
            let readyAgain = try await HTTPTestClient.get("/readyz", port: port)
            #expect(readyAgain.status == 200)
        }
    }

    @Test func metricsShowsTheRegistryInThePrometheusTextFormat() async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = ServiceMetrics(
            service: "person",
            commandTypes: ["RegisterPerson"],
            factory: ServiceMetrics.makePrometheusFactory(registry: registry)
        )
        try await withEndpoint(registry: registry) { port in
            metrics.commandFinished(type: "RegisterPerson", outcome: .success, latencyNanoseconds: 40_000)
            metrics.commandFinished(type: "RegisterPerson", outcome: .success, latencyNanoseconds: 60_000)
            metrics.eventsAppended(2)
            metrics.batchCommitted(messages: 2)

            let response = try await HTTPTestClient.get("/metrics", port: port)
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/plain; version=0.0.4")
            let lines = response.body.split(separator: "\n").map(String.init)
            #expect(lines.contains(#"cim_commands_total{service="person",type="RegisterPerson",outcome="success"} 2"#), "\(response.body)")
            #expect(lines.contains(#"cim_commands_total{service="person",type="RegisterPerson",outcome="busy"} 0"#))
            #expect(lines.contains(#"cim_events_appended_total{service="person"} 2"#))
            #expect(lines.contains(#"cim_commit_batch_size_bucket{service="person",le="2.0"} 1"#), "\(response.body)")
            #expect(lines.contains(#"cim_command_latency_seconds_count{service="person",type="RegisterPerson"} 2"#))
            // The runtime's buckets: 40 µs and 60 µs fall under 50 µs and 100 µs.
            #expect(lines.contains(#"cim_command_latency_seconds_bucket{service="person",type="RegisterPerson",le="0.00005"} 1"#), "\(response.body)")

            metrics.commandFinished(type: "RegisterPerson", outcome: .success, latencyNanoseconds: 1)
            let again = try await HTTPTestClient.get("/metrics", port: port)
            #expect(again.body.contains(#"cim_commands_total{service="person",type="RegisterPerson",outcome="success"} 3"#))
        }
    }

    @Test func otherPathsAreNotFound() async throws {
        try await withEndpoint { port in
            let response = try await HTTPTestClient.get("/nope", port: port)
            #expect(response.status == 404)
        }
    }

    @Test func aPortInUseIsAClearStartUpError() async throws {
        try await withEndpoint { port in
            let second = HTTPEndpoint(
                configuration: HTTPEndpointConfiguration(port: port),
                registry: PrometheusCollectorRegistry(),
                logger: quietLogger
            )
            let error = await #expect(throws: HTTPEndpointError.self) {
                try await withTimeout(.seconds(10), "the second endpoint to fail") { try await second.run() }
            }
            #expect(error?.code == .addressInUse)
            #expect(error?.host == "127.0.0.1")
            #expect(error?.port == port)
            #expect(error?.description.contains("127.0.0.1:\(port)") == true, "\(String(describing: error))")
            // The first endpoint still serves.
            let health = try await HTTPTestClient.get("/healthz", port: port)
            #expect(health.status == 200)
        }
    }

    @Test func portZeroOrOutOfRangeIsAConfigurationError() async throws {
        for port in [0, -1, 65_536] {
            let endpoint = HTTPEndpoint(configuration: HTTPEndpointConfiguration(port: port), registry: PrometheusCollectorRegistry(), logger: quietLogger)
            let error = await #expect(throws: HTTPEndpointError.self) { try await endpoint.run() }
            #expect(error?.code == .invalidConfiguration)
        }
        #expect(!HTTPEndpointConfiguration(port: 0).isEnabled)
        #expect(HTTPEndpointConfiguration(port: 9090).isEnabled)
        #expect(HTTPEndpointConfiguration(port: 9090).host == "127.0.0.1")
    }
}
