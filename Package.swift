// swift-tools-version:6.1
import PackageDescription

// Upcoming features on every target: strict, explicit, no surprises (style guide rule 21).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

// jemalloc under the service executables on Linux (Sources/ServiceAllocator); `CIM_SYSTEM_MALLOC=1`
// builds them on the system's malloc instead (no libjemalloc-dev needed).
let linksJemalloc = Context.environment["CIM_SYSTEM_MALLOC"].map { $0.isEmpty || $0 == "0" } ?? true
let allocatorDependencies: [Target.Dependency] = linksJemalloc ? [.target(name: "CJemalloc", condition: .when(platforms: [.linux]))] : []

let package = Package(
    name: "cim-runtime",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Wire", targets: ["Wire"]),
        .library(name: "NATS", targets: ["NATS"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Aggregates", targets: ["Aggregates"]),
        .executable(name: "cim-bench", targets: ["CimBench"]),
        .executable(name: "person-service", targets: ["PersonService"]),
        .executable(name: "location-service", targets: ["LocationService"]),
        .executable(name: "agent-service", targets: ["AgentService"]),
        .executable(name: "policy-service", targets: ["PolicyService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        // Pure NATS wire protocol: NIOCore only (no Foundation, no I/O, no crypto).
        .target(
            name: "Wire",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        // Pure domain: stdlib only.
        .target(name: "Aggregates", swiftSettings: strictSettings),
        // The NATS and JetStream client: connection, auth (NKeys, credentials), JetStream, KV.
        .target(
            name: "NATS",
            dependencies: [
                "Wire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The event-sourcing runtime: intake, sharding, event store, snapshots, service runtime.
        .target(
            name: "Pipeline",
            dependencies: [
                "NATS",
                "Wire",
                "Aggregates",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // jemalloc, linked into the service executables on Linux (Debian: libjemalloc-dev).
        .systemLibrary(name: "CJemalloc", pkgConfig: "jemalloc", providers: [.apt(["libjemalloc-dev"]), .brew(["jemalloc"])]),
        // Names (and checks) the allocator a service runs on.
        .target(name: "ServiceAllocator", dependencies: allocatorDependencies, swiftSettings: strictSettings),
        // One small executable per service: configuration in, the runtime hosting its domain.
        .executableTarget(
            name: "PersonService",
            dependencies: [
                "Pipeline",
                "Aggregates",
                "ServiceAllocator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "LocationService",
            dependencies: [
                "Pipeline",
                "Aggregates",
                "ServiceAllocator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "AgentService",
            dependencies: [
                "Pipeline",
                "Aggregates",
                "ServiceAllocator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "PolicyService",
            dependencies: [
                "Pipeline",
                "Aggregates",
                "ServiceAllocator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        // Counts malloc calls in the benchmark process (the executable's own malloc wins symbol lookup).
        .target(name: "CMallocCounter", path: "perf/CMallocCounter"),
        // cim-bench's pure parts: workloads, pacing, latency histograms, reports, the oracle, tuning.
        .target(
            name: "BenchKit",
            dependencies: [
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            path: "perf/BenchKit",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "CimBench",
            dependencies: [
                "Wire",
                "NATS",
                "BenchKit",
                // The same nats-server launcher the tests use: cim-bench starts its own server when no --url is given.
                "TestSupport",
                "CMallocCounter",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "perf/CimBench",
            swiftSettings: strictSettings
        ),

        // Starts and stops a real nats-server for integration tests.
        .target(
            name: "TestSupport",
            dependencies: [
                "Wire",
                "NATS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/Support",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WireTests",
            dependencies: [
                "Wire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "NATSTests",
            dependencies: [
                "NATS",
                "Wire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "Pipeline",
                "Aggregates",
                "NATS",
                "Wire",
                "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "AggregatesTests", dependencies: ["Aggregates"], swiftSettings: strictSettings),
        .testTarget(
            name: "BenchKitTests",
            dependencies: ["BenchKit", "TestSupport", .product(name: "Histogram", package: "hdrhistogram-swift")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "TestSupport",
                "Wire",
                "NATS",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)

// Micro benchmarks (ordo-one/benchmark): only when asked for, to keep CI builds lean.
//   CIM_BENCHMARKS=1 swift package --scratch-path .build-bench benchmark
if Context.environment["CIM_BENCHMARKS"] == "1" {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"])
    )
    package.targets.append(
        .executableTarget(
            name: "WireBenchmarks",
            dependencies: [
                "Wire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/WireBenchmarks",
            swiftSettings: strictSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
    // The Person service's per-command work in the pure domain: decode, decide + apply, encode.
    package.targets.append(
        .executableTarget(
            name: "CodecBenchmarks",
            dependencies: [
                "Aggregates",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CodecBenchmarks",
            swiftSettings: strictSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}

// libFuzzer targets: scripts/fuzz.sh builds them with -sanitize=fuzzer,address; each main calls
// libFuzzer's driver (SwiftPM executables keep their own main). The wire decoder, every domain's
// command decoding as the services run it, the Policy read model's queries, and the domains' JSON
// parser.
if Context.environment["CIM_FUZZ"] == "1" {
    // gold crashes on the sanitizer runtimes' debug info; lld links them.
    let fuzzLinkerSettings: [LinkerSetting] = [.unsafeFlags(["-use-ld=lld"])]
    package.targets.append(contentsOf: [
        .target(name: "CFuzzerDriver", path: "Fuzz/CFuzzerDriver"),
        // What the domain targets share: the in-memory store commands are decided against
        // (FuzzSession), the invariant stop, the JSON check and the input's split into records.
        .target(name: "FuzzSupport", dependencies: ["Aggregates"], path: "Fuzz/Support", swiftSettings: strictSettings),
        .executableTarget(
            name: "FuzzWireDecoder",
            dependencies: ["Wire", "CFuzzerDriver", .product(name: "NIOCore", package: "swift-nio")],
            path: "Fuzz/WireDecoder",
            swiftSettings: strictSettings,
            linkerSettings: fuzzLinkerSettings
        ),
        .executableTarget(
            name: "FuzzCommandDecoders",
            dependencies: ["Aggregates", "FuzzSupport", "CFuzzerDriver"],
            path: "Fuzz/CommandDecoders",
            swiftSettings: strictSettings,
            linkerSettings: fuzzLinkerSettings
        ),
        .executableTarget(
            name: "FuzzPolicyQueries",
            dependencies: ["Aggregates", "FuzzSupport", "CFuzzerDriver"],
            path: "Fuzz/PolicyQueries",
            swiftSettings: strictSettings,
            linkerSettings: fuzzLinkerSettings
        ),
        .executableTarget(
            name: "FuzzJSONParser",
            dependencies: ["Aggregates", "FuzzSupport", "CFuzzerDriver"],
            path: "Fuzz/JSONParser",
            swiftSettings: strictSettings,
            linkerSettings: fuzzLinkerSettings
        ),
    ])
}
