/// The tuner's plot as an SVG document, drawn without any external program: snapshot frequency
/// on the x axis (categories, evenly spaced), cold-recovery latency p50 and p99 on the left axis
/// (milliseconds; logarithmic when the values span more than 20×), write throughput on the right
/// axis (commands/s), the recovery budget as a dashed line, and the recommended frequency shaded.
package struct SnapshotTunePlot: Sendable {
    package var rows: [SnapshotTuneRow]
    package var recommended: Int?
    package var budgetMs: Double
    package var title: String
    package var subtitle: String
    package var width = 960.0
    package var height = 560.0

    package init(rows: [SnapshotTuneRow], recommended: Int?, budgetMs: Double, title: String, subtitle: String) {
        self.rows = rows
        self.recommended = recommended
        self.budgetMs = budgetMs
        self.title = title
        self.subtitle = subtitle
    }

    static let xAxisTitle = "snapshot every N events (0 = off)"
    static let latencyAxisTitle = "cold recovery latency (ms)"
    static let throughputAxisTitle = "write throughput (commands/s)"
    static let p50Colour = "#1f77b4"
    static let p99Colour = "#d62728"
    static let throughputColour = "#2ca02c"
    static let budgetColour = "#555555"
    static let recommendedFill = "#ffe9a8"
    static let font = "DejaVu Sans, Helvetica, Arial, sans-serif"

    /// The plot area: left, top, right and bottom edges.
    var area: (left: Double, top: Double, right: Double, bottom: Double) {
        (left: 90, top: 120, right: width - 100, bottom: height - 86)
    }

    /// The SVG document.
    package func svg() -> String {
        let area = self.area
        let latency = Axis.latency(values: rows.flatMap { [$0.coldP50Ms, $0.coldP99Ms] }, budget: budgetMs)
        let throughput = Axis.linear(upTo: (rows.map(\.commandsPerSec).max() ?? 0) * 1.05)
        let slot = rows.isEmpty ? 0 : (area.right - area.left) / Double(rows.count)
        let x = { (index: Int) in area.left + (Double(index) + 0.5) * slot }
        let yLatency = { (value: Double) in area.bottom - latency.fraction(value) * (area.bottom - area.top) }
        let yThroughput = { (value: Double) in area.bottom - throughput.fraction(value) * (area.bottom - area.top) }

        var svg = SVG(width: width, height: height, font: Self.font)
        svg.rect(x: 0, y: 0, width: width, height: height, fill: "white")
        svg.text(title, x: width / 2, y: 30, size: 20, anchor: "middle", weight: "bold")
        svg.text(subtitle, x: width / 2, y: 54, size: 13, anchor: "middle", fill: "#333333")
        legend(&svg, top: 80)

        // The recommended frequency's column, behind everything else.
        if let recommended, let index = rows.firstIndex(where: { $0.frequency == recommended }) {
            svg.rect(x: x(index) - slot / 2, y: area.top, width: slot, height: area.bottom - area.top, fill: Self.recommendedFill)
        }
        // Grid and left ticks.
        for tick in latency.ticks {
            let y = yLatency(tick)
            svg.line(x1: area.left, y1: y, x2: area.right, y2: y, stroke: "#e3e3e3", width: 1)
            svg.line(x1: area.left - 5, y1: y, x2: area.left, y2: y, stroke: "black", width: 1)
            svg.text(latency.label(tick), x: area.left - 8, y: y + 4, size: 12, anchor: "end")
        }
        for tick in throughput.ticks {
            let y = yThroughput(tick)
            svg.line(x1: area.right, y1: y, x2: area.right + 5, y2: y, stroke: "black", width: 1)
            svg.text(throughput.label(tick), x: area.right + 8, y: y + 4, size: 12, anchor: "start", fill: Self.throughputColour)
        }
        // Axes.
        svg.line(x1: area.left, y1: area.top, x2: area.left, y2: area.bottom, stroke: "black", width: 1)
        svg.line(x1: area.right, y1: area.top, x2: area.right, y2: area.bottom, stroke: Self.throughputColour, width: 1)
        svg.line(x1: area.left, y1: area.bottom, x2: area.right, y2: area.bottom, stroke: "black", width: 1)
        for (index, row) in rows.enumerated() {
            let isRecommended = row.frequency == recommended
            svg.line(x1: x(index), y1: area.bottom, x2: x(index), y2: area.bottom + 5, stroke: "black", width: 1)
            svg.text(String(row.frequency), x: x(index), y: area.bottom + 21, size: 13, anchor: "middle", weight: isRecommended ? "bold" : nil)
            if isRecommended { svg.text("recommended", x: x(index), y: area.bottom + 37, size: 12, anchor: "middle", weight: "bold", fill: "#8a6500") }
        }
        svg.text(Self.xAxisTitle, x: (area.left + area.right) / 2, y: height - 18, size: 14, anchor: "middle")
        let middle = (area.top + area.bottom) / 2
        svg.text(Self.latencyAxisTitle + (latency.logarithmic ? ", log scale" : ""), x: 24, y: middle, size: 14, anchor: "middle", rotate: -90)
        svg.text(Self.throughputAxisTitle, x: width - 22, y: middle, size: 14, anchor: "middle", fill: Self.throughputColour, rotate: 90)

        // The budget's line (its label comes last, over the series).
        let budgetY = yLatency(budgetMs)
        svg.line(x1: area.left, y1: budgetY, x2: area.right, y2: budgetY, stroke: Self.budgetColour, width: 1.5, dash: "6 4")

        // The series: throughput first, so the latency lines are drawn over it.
        let throughputPoints = rows.enumerated().map { (x($0.offset), yThroughput($0.element.commandsPerSec)) }
        svg.polyline(throughputPoints, stroke: Self.throughputColour, width: 2, dash: "7 4")
        for point in throughputPoints { svg.marker(.square, x: point.0, y: point.1, fill: Self.throughputColour) }
        let p50Points = rows.enumerated().map { (x($0.offset), yLatency($0.element.coldP50Ms)) }
        svg.polyline(p50Points, stroke: Self.p50Colour, width: 2.5)
        for point in p50Points { svg.marker(.circle, x: point.0, y: point.1, fill: Self.p50Colour) }
        let p99Points = rows.enumerated().map { (x($0.offset), yLatency($0.element.coldP99Ms)) }
        svg.polyline(p99Points, stroke: Self.p99Colour, width: 2.5)
        for point in p99Points { svg.marker(.triangle, x: point.0, y: point.1, fill: Self.p99Colour) }

        // The budget's label: above the line at its right end, else at its left end, else below
        // it, wherever no data point is in the way; over everything, with a white outline.
        let label = "budget \(SnapshotTuneFormat.fixed(budgetMs, budgetMs < 10 ? 1 : 0)) ms"
        let labelWidth = SVG.textWidth(label, size: 12)
        let points = throughputPoints + p50Points + p99Points
        let places: [(x: Double, y: Double, anchor: String)] = [
            (area.right - 6, budgetY - 6, "end"), (area.left + 6, budgetY - 6, "start"), (area.right - 6, budgetY + 16, "end"),
            (area.left + 6, budgetY + 16, "start"),
        ]
        let free = places.first { place in
            let left = place.anchor == "end" ? place.x - labelWidth : place.x
            return !points.contains { $0.0 > left - 8 && $0.0 < left + labelWidth + 8 && $0.1 > place.y - 20 && $0.1 < place.y + 8 }
        }
        let place = free ?? places[0]
        svg.text(label, x: place.x, y: place.y, size: 12, anchor: place.anchor, fill: Self.budgetColour, halo: true)
        return svg.document
    }

    /// The legend: one entry per series, the budget and the recommended shading, centred in rows
    /// below the subtitle (wrapped when they do not fit the width).
    private func legend(_ svg: inout SVG, top: Double) {
        enum Symbol { case line(String, SVG.Marker?, String?), box(String) }
        let entries: [(Symbol, String)] = [
            (.line(Self.p50Colour, .circle, nil), "cold recovery p50 (left axis)"),
            (.line(Self.p99Colour, .triangle, nil), "cold recovery p99 (left axis)"),
            (.line(Self.throughputColour, .square, "7 4"), "write throughput (right axis)"),
            (.line(Self.budgetColour, nil, "6 4"), "recovery budget (p99)"),
            (.box(Self.recommendedFill), "recommended"),
        ]
        let size = 13.0
        let symbolWidth = 34.0
        let gap = 22.0
        let widths = entries.map { symbolWidth + 6 + SVG.textWidth($0.1, size: size) }
        var lines: [[Int]] = [[]]
        var used = 0.0
        for (index, entryWidth) in widths.enumerated() {
            if !lines[lines.count - 1].isEmpty, used + gap + entryWidth > width - 40 {
                lines.append([])
                used = 0
            }
            used += (lines[lines.count - 1].isEmpty ? 0 : gap) + entryWidth
            lines[lines.count - 1].append(index)
        }
        for (number, line) in lines.enumerated() {
            let total = line.map { widths[$0] }.reduce(0, +) + gap * Double(line.count - 1)
            var x = (width - total) / 2
            let y = top + Double(number) * 20
            for index in line {
                switch entries[index].0 {
                case .line(let colour, let marker, let dash):
                    svg.line(x1: x, y1: y, x2: x + symbolWidth, y2: y, stroke: colour, width: 2.5, dash: dash)
                    if let marker { svg.marker(marker, x: x + symbolWidth / 2, y: y, fill: colour) }
                case .box(let fill):
                    svg.rect(x: x + 4, y: y - 8, width: symbolWidth - 8, height: 16, fill: fill, stroke: "#c9a227")
                }
                svg.text(entries[index].1, x: x + symbolWidth + 6, y: y + 4.5, size: size, anchor: "start")
                x += widths[index] + gap
            }
        }
    }
}

extension SnapshotTuneReport {
    /// The report's plot (its title and subtitle say what was run).
    package var plot: SnapshotTunePlot {
        let s = settings
        var subtitle = "\(s.domain): \(SnapshotTuneFormat.grouped(s.events)) events × \(SnapshotTuneFormat.grouped(s.aggregates)) aggregates, "
            + "cold = first command after SIGKILL + restart"
        if let recommendation { subtitle += ", recommended SNAPSHOT_FREQ=\(recommendation.frequency)" }
        return SnapshotTunePlot(
            rows: rows, recommended: recommendation?.frequency, budgetMs: s.recoveryBudgetMs,
            title: "Snapshot frequency: cold recovery vs write throughput", subtitle: subtitle)
    }
}
