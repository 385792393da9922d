/// Number formats of the tuner's table, Markdown and plot.
enum SnapshotTuneFormat {
    /// `value` with exactly `digits` decimals (`27.40`), thousands grouped (`12,345.6`).
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        var text = grouped(whole)
        if digits > 0 {
            let decimals = String(fraction)
            text += "." + String(repeating: "0", count: max(0, digits - decimals.count)) + decimals
        }
        return (value < 0 && scaled > 0 ? "-" : "") + text
    }

    /// `12,345`.
    static func grouped(_ value: Int) -> String {
        var digits = String(abs(value))
        var text = ""
        while digits.count > 3 {
            text = "," + digits.suffix(3) + text
            digits.removeLast(3)
        }
        return (value < 0 ? "-" : "") + digits + text
    }

    /// Milliseconds from microseconds, two decimals: `27.41`.
    static func ms(_ micros: UInt64) -> String { fixed(Double(micros) / 1000, 2) }
}
