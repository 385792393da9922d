import Foundation
import Synchronization
import TestSupport
import Testing

@testable import BenchKit

#if canImport(Glibc)
import Glibc
#endif

/// `cim-bench service` end to end, as a user runs it: it starts its own nats-server and
/// person-service, drives them, checks the stream with the oracle, and leaves nothing running.
/// No timing is asserted: only that the run worked and said so.
@Suite(.serialized) struct CimBenchProcessTests {
    private typealias Captured = CimBenchProcess.Captured

    private func run(_ arguments: [String], whileRunning: ((Process, Captured) async throws -> Void)? = nil) async throws -> CimBenchProcess.Run {
        try await CimBenchProcess.run(arguments, whileRunning: whileRunning)
    }

    private func children(of pid: Int32) -> [Int32] { CimBenchProcess.children(of: pid) }

    @Test func drivesItsOwnServerAndServiceAndChecksTheStream() async throws {
        let result = try await run([
            "service", "--domain", "person", "--duration", "1", "--warmup", "0.2", "--concurrency", "16", "--json", "--progress-interval", "0",
        ])
        #expect(result.status == 0, "\(result.errors)")
        let report = try LoadReport.decode(Data(result.output.utf8), source: "cim-bench's output")
        #expect(report.ok && report.persisted > 0)
        #expect(report.oracle?.pass == true && report.oracle!.events > 0)
        #expect(report.storedTotal == report.answeredPersistedTotal)
        #expect(report.server?.origin == "embedded" && report.server?.sync == "default")
        #expect(report.machine != nil && report.histogram.values.count > 0)
        // The service's settings, as it announces them in $SRV.INFO.
        #expect(report.service["snapshot_frequency"] == "100" && report.service["stream"] == "PERSON_EVENTS")
        #expect(report.service["commit_mode"] == "async")

        // Two such reports merge into one with both verdicts.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cim-bench-merge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("a.json").path
        try result.output.write(toFile: file, atomically: true, encoding: .utf8)
        let merged = try await run(["merge", file, file, "--json"])
        #expect(merged.status == 0, "\(merged.errors)")
        let combined = try LoadReport.decode(Data(merged.output.utf8), source: "merge output")
        #expect(combined.generators == 2 && combined.persisted == 2 * report.persisted && combined.oracles?.count == 2)
    }

    @Test func anOpenLoopOnZipfKeysAtARate() async throws {
        let result = try await run([
            "service", "--domain", "policy", "--aggregates", "200", "--distribution", "zipf", "--zipf-s", "1.2", "--rate", "300",
            "--duration", "1", "--warmup", "0", "--json", "--progress-interval", "0", "--allowed-errors", "1", "--server-sync", "always",
        ])
        #expect(result.status == 0, "\(result.errors)")
        let report = try LoadReport.decode(Data(result.output.utf8), source: "cim-bench's output")
        #expect(report.workload.loop == "open" && report.workload.rate == 300 && report.workload.zipfS == 1.2)
        // Under sync_interval: always the embedded service runs with group commit, as advised, and says so.
        #expect(report.server?.sync == "always" && report.service["commit_mode"] == "batch", "\(report.service)")
        #expect(result.errors.contains("COMMIT_MODE=batch"))
        #expect(report.oracle?.pass == true && report.oracle!.aggregates >= 200)
    }

    @Test func aRampReportsEachStep() async throws {
        let result = try await run([
            "service", "--domain", "location", "--rate", "100..200", "--step", "100", "--p99-bound-ms", "60000", "--duration", "0.5",
            "--warmup", "0", "--json", "--progress-interval", "0",
        ])
        #expect(result.status == 0, "\(result.errors)")
        let report = try LoadReport.decode(Data(result.output.utf8), source: "cim-bench's output")
        let steps = try #require(report.ramp)
        #expect(steps.map(\.rate) == [100, 200] || (steps.count == 1 && !steps[0].held))
        #expect(report.rampMaxRate == nil || report.rampMaxRate == report.workload.rate)
        #expect(report.oracle?.pass == true)
    }

    @Test func ctrlCStopsEarlyStillReportsAndLeavesNothingRunning() async throws {
        var descendants: [Int32] = []
        let result = try await run(["service", "--duration", "120", "--warmup", "0", "--concurrency", "8", "--json", "--progress-interval", "0.5"]) {
            process, errors in
            // The first progress line: the load is running.
            try await errors.waitFor("commands/s", within: .seconds(120))
            descendants = self.children(of: process.processIdentifier)
            kill(process.processIdentifier, SIGINT)
        }
        #expect(descendants.count >= 2, "the server and the service run as children of cim-bench")
        #expect(result.status == 1, "an interrupted run is reported as failed")
        let report = try LoadReport.decode(Data(result.output.utf8), source: "cim-bench's output")
        #expect(report.failures.contains { $0.contains("interrupted") })
        #expect(report.persisted > 0 && report.oracle?.pass == true)
        #expect(report.seconds < 100)
        for pid in descendants { #expect(kill(pid, 0) != 0, "process \(pid) is still running") }
    }

    @Test func snapshotTuneMeasuresEachFrequencyAndRecommendsOne() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cim-bench-tune-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let markdown = directory.appendingPathComponent("tune.md").path
        let result = try await run([
            "snapshot-tune", "--events", "40", "--aggregates", "2", "--window", "4", "--frequencies", "0,10", "--json", "--markdown", markdown,
            "--server-sync", "always",
        ])
        #expect(result.status == 0, "\(result.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(json["ok"] as? Bool == true)
        // Under sync_interval: always the restarted services commit in batches, as advised.
        #expect((json["service"] as? [String: String])?["COMMIT_MODE"] == "batch", "\(json["service"] ?? "no service settings")")
        #expect(result.errors.contains("COMMIT_MODE=batch"))
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 2)
        let recommendation = try #require(json["recommendation"] as? [String: Any])
        #expect([0, 10].contains(recommendation["frequency"] as? Int ?? -1))
        let svg = try String(contentsOfFile: directory.appendingPathComponent("tune.svg").path, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
        #expect(try String(contentsOfFile: markdown, encoding: .utf8).contains("tune.svg"))
    }

    @Test func badOptionsGetASentence() async throws {
        let result = try await run(["service", "--distribution", "zipf"])
        #expect(result.status != 0)
        #expect(result.errors.contains("--distribution zipf needs --aggregates"))
    }
}

struct BenchTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
