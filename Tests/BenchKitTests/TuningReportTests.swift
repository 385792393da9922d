import Foundation
import Testing

@testable import BenchKit

@Suite struct TuningReportTests {
    static func report() -> SnapshotTuneReport {
        let settings = SnapshotTuneReport.Settings(
            domain: "person", events: 1000, aggregates: 10, window: 32, frequencies: [0, 100], recoveryBudgetMs: 50, spreadTails: true,
            timeoutSeconds: 60)
        var report = SnapshotTuneReport(
            settings: settings, stream: "PERSON_EVENTS", snapshotStream: "KV_PERSON_EVENTS_SNAPSHOTS", commandLine: "cim-bench snapshot-tune --events 1000")
        for (frequency, rate, cold) in [(0, 9000.0, 60_000 as UInt64), (100, 8000, 5000)] {
            var row = SnapshotTuneRow(frequency: frequency, aggregates: 10, storedEvents: frequency == 0 ? 10_000 : 9_500)
            row.setWritePath(latenciesUs: Array(repeating: 1000, count: 99) + [9000], seconds: 100 / rate)
            row.commandsPerSec = rate
            row.setRecovery(coldUs: [cold / 2, cold], warmUs: [400, 500])
            row.setReplay(lengths: SnapshotTunePlan.lengths(events: 1000, frequency: frequency, aggregates: 10, spread: true))
            row.setStorage(snapshotWrites: frequency == 0 ? 0 : 90, snapshotMessages: frequency == 0 ? 0 : 10, snapshotBytes: frequency == 0 ? 0 : 4000, streamMessages: row.storedEvents, streamBytes: 3_000_000)
            report.rows.append(row)
        }
        report.machine = LoadReport.Machine(cores: 2, memoryBytes: 24 << 30, system: "Debian")
        report.server = LoadReport.Server(version: "2.15.1", sync: "default", origin: "embedded")
        report.service = ["HTTP_PORT": "0", "LOG_LEVEL": "warning", "SNAPSHOT_FREQ": "per row"]
        report.recommend()
        return report
    }

    @Test func rowsHoldTheirFigures() throws {
        let row = try #require(Self.report().rows.last)
        #expect(row.writeP50Us == 1000 && row.writeP99Us == 1000 && row.writeMaxUs == 9000)
        #expect(row.coldP50Us == 2500 && row.coldP99Us == 5000 && row.coldMaxUs == 5000)
        #expect(row.warmP50Us == 400 && row.warmP99Us == 500)
        #expect(row.replayMeanEvents == 50 && row.replayMaxEvents == 95)
        #expect(row.snapshotBytesWritten == 36_000)
    }

    @Test func jsonRoundTrips() throws {
        let report = Self.report()
        let line = try report.jsonLine()
        #expect(!line.contains("\n"))
        #expect(line.contains(#""cold_p99_us":5000"#))
        #expect(line.contains(#""snapshot_stream":"KV_PERSON_EVENTS_SNAPSHOTS""#))
        #expect(line.contains(#""recovery_budget_ms":50"#))
        let decoded = try JSONDecoder().decode(SnapshotTuneReport.self, from: Data(line.utf8))
        #expect(decoded == report)
    }

    @Test func theTableHasOneLinePerFrequencyAndTheRecommendation() {
        let report = Self.report()
        let table = report.table
        #expect(table.hasPrefix("cim-bench snapshot-tune: person, 1,000 events × 10 aggregates"))
        #expect(table.contains("recommended: SNAPSHOT_FREQ=100"))
        #expect(table.contains("0 (off)"))
        #expect(table.contains("cim-bench snapshot-tune --events 1000"))
        #expect(table.contains("nats-server 2.15.1, sync default (embedded)"))
        // The header and the two rows have the same width (aligned columns).
        let lines = table.split(separator: "\n").dropFirst().prefix(3)
        #expect(Set(lines.map(\.count)).count == 1)
    }

    @Test func markdownShowsThePlotAndTheReasoning() {
        let markdown = Self.report().markdown(plotFile: "tune.svg")
        #expect(markdown.contains("## Recommendation: SNAPSHOT_FREQ=100"))
        #expect(markdown.contains("![cold recovery latency and write throughput by snapshot frequency](tune.svg)"))
        #expect(markdown.contains("| **100** |"))
        #expect(markdown.contains("Cost model."))
        #expect(markdown.contains("| machine | 2 cores, 24 GiB, Debian |"))
    }

    @Test func aFailedRunRecommendsNothing() {
        var report = Self.report()
        report.fail("the UpdateName that should make version 7 was answered {\"error\":{\"code\":\"busy\"}}")
        report.recommend()
        #expect(report.recommendation == nil)
        #expect(report.markdown(plotFile: nil).contains("## The run failed"))
        #expect(report.table.contains("FAILED: the UpdateName"))
    }

    @Test func formatsNumbers() {
        #expect(SnapshotTuneFormat.fixed(27.405, 2) == "27.41" || SnapshotTuneFormat.fixed(27.405, 2) == "27.40")
        #expect(SnapshotTuneFormat.fixed(1234.5, 1) == "1,234.5")
        #expect(SnapshotTuneFormat.fixed(0.05, 2) == "0.05")
        #expect(SnapshotTuneFormat.fixed(-3.25, 1) == "-3.3" || SnapshotTuneFormat.fixed(-3.25, 1) == "-3.2")
        #expect(SnapshotTuneFormat.fixed(12, 0) == "12")
        #expect(SnapshotTuneFormat.grouped(1_234_567) == "1,234,567")
        #expect(SnapshotTuneFormat.ms(27_410) == "27.41")
    }
}
