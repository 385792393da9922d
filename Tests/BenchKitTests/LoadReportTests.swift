import Foundation
import Testing

@testable import BenchKit

@Suite struct LoadReportTests {
    private func report(label: String, latencies: [UInt64], persisted: Int, rate: Double, oracle: OracleVerdict) -> LoadReport {
        var report = LoadReport(
            label: label,
            workload: LoadReport.Workload(
                domain: "person", loop: "closed", keySpace: "fresh", aggregates: 0, distribution: "fresh", payloadBytes: 0, warmupSeconds: 1),
            commandLine: "cim-bench service --label \(label)")
        var histogram = LatencyHistogram()
        for value in latencies { histogram.record(microseconds: value) }
        report.setLatencies(histogram)
        report.persisted = persisted
        report.sent = persisted
        report.commandsPerSec = rate
        report.seconds = 10
        report.oracle = oracle
        report.errors.refused("busy")
        return report
    }

    @Test func aHistogramSurvivesItsEncoding() throws {
        var histogram = LatencyHistogram()
        for value in [1, 17, 999, 1_000, 12_345, 987_654, 3_600_000_000] as [UInt64] { histogram.record(microseconds: value) }
        let decoded = try LatencyHistogram(decoding: histogram.encoded)
        #expect(decoded.count == 7)
        #expect(decoded.maximum == 3_600_000_000)
        for percentile in [10.0, 50, 90, 99, 100] {
            #expect(decoded.value(at: percentile) == histogram.value(at: percentile))
        }
        #expect(throws: ReportError.self) {
            try LatencyHistogram(decoding: EncodedHistogram(significantDigits: 3, max: 1, values: [[5]]))
        }
    }

    @Test func mergingAddsHistogramsNotPercentiles() throws {
        // One generator saw 900 fast commands, the other 100 slow ones: the merged p50 is fast and
        // the merged p99 slow, which no average of the two reports' percentiles gives.
        let fast = report(label: "a", latencies: Array(repeating: 100, count: 900), persisted: 900, rate: 90, oracle: OracleVerdict())
        let slow = report(label: "b", latencies: Array(repeating: 50_000, count: 100), persisted: 100, rate: 10, oracle: OracleVerdict())
        let merged = try LoadReport.merge([fast, slow])
        #expect(merged.p50Us == 100)
        #expect(merged.p99Us >= 49_900 && merged.p99Us <= 50_100)
        #expect(merged.maxUs == 50_000)
        #expect(merged.persisted == 1000 && merged.commandsPerSec == 100 && merged.generators == 2)
        #expect(merged.errors.busy == 2 && merged.errors.byCode["busy"] == 2)
        #expect(merged.oracles?.count == 2 && merged.oracle?.pass == true && merged.ok)
        #expect(merged.parts == ["cim-bench service --label a", "cim-bench service --label b"])
    }

    @Test func aFailedOracleFailsTheMerge() throws {
        var failed = OracleVerdict()
        failed.lost = 3
        let merged = try LoadReport.merge([
            report(label: "a", latencies: [10], persisted: 1, rate: 1, oracle: OracleVerdict()),
            report(label: "b", latencies: [10], persisted: 1, rate: 1, oracle: failed),
        ])
        #expect(!merged.ok && merged.oracle?.lost == 3)
    }

    @Test func reportsOfDifferentDomainsDoNotMerge() {
        let person = report(label: "a", latencies: [1], persisted: 1, rate: 1, oracle: OracleVerdict())
        var policy = person
        policy.workload.domain = "policy"
        #expect(throws: ReportError.self) { try LoadReport.merge([person, policy]) }
    }

    @Test func theJSONCarriesTheNamesScriptsRelyOn() throws {
        let original = report(label: "a", latencies: [100, 200, 300], persisted: 3, rate: 0.3, oracle: OracleVerdict())
        let line = try original.jsonLine()
        for field in [
            #""commands_per_sec":"#, #""p50_us":"#, #""p90_us":"#, #""p99_us":"#, #""p999_us":"#, #""max_us":"#, #""errors":{"#,
            #""busy":1"#, #""timeouts":0"#, #""oracle":{"#, #""verdict":"pass""#, #""histogram":{"#,
        ] {
            #expect(line.contains(field), "\(field) missing in \(line)")
        }
        #expect(!line.contains("\n"))
        #expect(try LoadReport.decode(Data(line.utf8), source: "test") == original)
    }

    @Test func theTableAndTheMarkdownSayWhatWasMeasured() {
        var sample = report(label: "person-service", latencies: [850, 12_300], persisted: 2, rate: 16_812.4, oracle: OracleVerdict())
        sample.server = LoadReport.Server(version: "2.15.1", sync: "always", origin: "embedded")
        sample.machine = LoadReport.Machine(cores: 2, memoryBytes: 24 * 1_073_741_824, system: "Debian")
        let table = sample.table
        #expect(table.contains("16,812 commands/s"))
        #expect(table.contains("nats-server 2.15.1, sync always (embedded)"))
        #expect(table.contains("2 cores, 24 GiB"))
        #expect(table.contains("errors") && table.contains("busy 1"))
        let markdown = sample.markdown()
        #expect(markdown.hasPrefix("# cim-bench service: person-service"))
        #expect(markdown.contains("| oracle | pass"))
    }

    @Test func numbersAreGrouped() {
        #expect(LoadReport.number(1_234_567) == "1,234,567")
        #expect(LoadReport.number(12.34) == "12.3")
        #expect(LoadReport.micros(850) == "850 µs")
        #expect(LoadReport.micros(3_303) == "3.3 ms")
        #expect(LoadReport.micros(12_300) == "12.3 ms")
    }
}
