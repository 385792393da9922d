import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import BenchKit

@Suite struct TuningPlotTests {
    static func rows(coldP99Ms: [Double]) -> [SnapshotTuneRow] {
        let frequencies = [0, 10, 25, 50, 100, 250, 500, 1000]
        return zip(frequencies, coldP99Ms).map { frequency, p99 in
            var row = SnapshotTuneRow(frequency: frequency, aggregates: 10, storedEvents: 10_000)
            row.coldP99Us = UInt64(p99 * 1000)
            row.coldP50Us = UInt64(p99 * 700)
            row.commandsPerSec = 7000 + Double(frequency)
            return row
        }
    }

    /// Parses `svg` with XMLParser and returns the texts of its `<text>` elements, or nil (with
    /// the parser's error recorded) when it is not well-formed.
    static func texts(_ svg: String) -> [String]? {
        let collector = TextCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        guard parser.parse() else {
            Issue.record("the SVG is not well-formed: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
            return nil
        }
        #expect(collector.root == "svg")
        return collector.texts
    }

    @Test func isWellFormedAndLabelled() throws {
        let plot = SnapshotTunePlot(
            rows: Self.rows(coldP99Ms: [28, 4, 4.5, 5, 6, 9, 14, 25]), recommended: 250, budgetMs: 50, title: "Snapshot frequency <&> tuning",
            subtitle: "person: \"1,000\" events")
        let svg = plot.svg()
        let texts = try #require(Self.texts(svg))
        #expect(texts.contains("Snapshot frequency <&> tuning"))
        #expect(texts.contains("person: \"1,000\" events"))
        #expect(texts.contains(SnapshotTunePlot.xAxisTitle))
        #expect(texts.contains(SnapshotTunePlot.latencyAxisTitle))
        #expect(texts.contains(SnapshotTunePlot.throughputAxisTitle))
        for label in ["cold recovery p50 (left axis)", "cold recovery p99 (left axis)", "write throughput (right axis)", "recommended", "budget 50 ms"] {
            #expect(texts.contains(label), "missing \(label)")
        }
        for frequency in ["0", "10", "25", "50", "100", "250", "500", "1000"] { #expect(texts.contains(frequency), "no tick \(frequency)") }
        #expect(svg.contains(#"fill="white""#))
        // The recommended column is shaded, once.
        #expect(svg.components(separatedBy: SnapshotTunePlot.recommendedFill).count == 3)  // the legend's box and the column
    }

    @Test func aWideSpreadOfLatenciesGetsALogarithmicAxis() throws {
        let svg = SnapshotTunePlot(rows: Self.rows(coldP99Ms: [280, 4, 4.5, 5, 6, 9, 14, 25]), recommended: 100, budgetMs: 50, title: "t", subtitle: "s").svg()
        let texts = try #require(Self.texts(svg))
        #expect(texts.contains(SnapshotTunePlot.latencyAxisTitle + ", log scale"))
        // From 2 (at or below the lowest p50, 2.8 ms) to 500 (at or above the highest p99, 280 ms).
        #expect(texts.contains("2") && texts.contains("10") && texts.contains("100") && texts.contains("500"))
        #expect(!texts.contains("1,000"))
    }

    @Test func withoutARecommendationOrRows() throws {
        let empty = try #require(Self.texts(SnapshotTunePlot(rows: [], recommended: nil, budgetMs: 50, title: "t", subtitle: "s").svg()))
        #expect(empty.filter { $0 == "recommended" }.count == 1)  // only the legend's
        let one = try #require(Self.texts(SnapshotTunePlot(rows: Self.rows(coldP99Ms: [3]), recommended: nil, budgetMs: 50, title: "t", subtitle: "s").svg()))
        #expect(one.filter { $0 == "recommended" }.count == 1)
    }

    @Test func linearTicksAreRound() {
        let axis = SnapshotTunePlot.Axis.linear(upTo: 8400)
        #expect(axis.ticks == [0, 2000, 4000, 6000, 8000, 10000])
        #expect(SnapshotTunePlot.Axis.linear(upTo: 52.5).ticks == [0, 10, 20, 30, 40, 50, 60])
        #expect(axis.label(2000) == "2,000")
        let small = SnapshotTunePlot.Axis.linear(upTo: 2.3)
        #expect(small.ticks == [0, 0.5, 1, 1.5, 2, 2.5])  // 2.3 / 6 rounds up to a step of 0.5
        #expect(small.label(1.5) == "1.5")
        #expect(small.fraction(2.5) == 1)
    }

    @Test func logarithmicTicksFollowTheOneTwoFiveSeries() {
        let axis = SnapshotTunePlot.Axis.logarithmic(from: 3.2, to: 270)
        #expect(axis.low == 2 && axis.high == 500)
        #expect(axis.ticks == [2, 5, 10, 20, 50, 100, 200, 500])
        #expect(abs(axis.fraction(10) - (1 - log10(2.0)) / (log10(500.0) - log10(2.0))) < 1e-9)
        #expect(SnapshotTunePlot.Axis.logarithmic(from: 10, to: 10).ticks == [10, 20])
        #expect(SnapshotTunePlot.Axis.logarithmic(from: 0.4, to: 3).label(0.5) == "0.5")
    }

    @Test func escapesText() {
        #expect(SVG.escape(#"a<b & "c">'d'"#) == "a&lt;b &amp; &quot;c&quot;&gt;&apos;d&apos;")
        #expect(SVG.n(12) == "12" && SVG.n(12.346) == "12.35" && SVG.n(-0.001) == "0")
    }
}

/// Collects the text of every `<text>` element and the root element's name.
private final class TextCollector: NSObject, XMLParserDelegate {
    var texts: [String] = []
    var root: String?
    private var current: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if root == nil { root = name }
        if name == "text" { current = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        current? += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text", let text = current { texts.append(text) }
        if name == "text" { current = nil }
    }
}

extension TuningPlotTests {
    @Test func theBudgetLabelMovesAwayFromAPointOnTheLine() throws {
        // The last p99 sits on the budget line at the right end: the label goes to the left end.
        let rows = Self.rows(coldP99Ms: [70, 13, 10, 30, 22, 31, 41, 50])
        let svg = SnapshotTunePlot(rows: rows, recommended: 100, budgetMs: 50, title: "t", subtitle: "s").svg()
        let line = try #require(svg.split(separator: "\n").first { $0.contains(">budget 50 ms<") })
        #expect(line.contains(#"text-anchor="start""#))
    }
}
