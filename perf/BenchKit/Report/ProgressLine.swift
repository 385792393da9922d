/// The live progress line of a load: what it has done so far, in one line.
package struct ProgressLine: Sendable, Equatable {
    package var elapsedSeconds: Double
    /// The planned length (nil: until a command count is reached).
    package var totalSeconds: Double?
    /// Commands stored per second over the last interval.
    package var rate: Double
    package var p99Us: UInt64
    package var errors: Int
    package var inFlight: Int
    /// Still warming up (nothing measured yet).
    package var warmingUp: Bool

    package init(elapsedSeconds: Double, totalSeconds: Double?, rate: Double, p99Us: UInt64, errors: Int, inFlight: Int, warmingUp: Bool) {
        self.elapsedSeconds = elapsedSeconds
        self.totalSeconds = totalSeconds
        self.rate = rate
        self.p99Us = p99Us
        self.errors = errors
        self.inFlight = inFlight
        self.warmingUp = warmingUp
    }

    /// `  12.0 s of 30 s (18 s left)  16,812 commands/s  p99 1.2 ms  errors 0  in flight 256`.
    package var text: String {
        var time = "\(LoadReport.number(elapsedSeconds)) s"
        if let totalSeconds {
            time += " of \(LoadReport.number(totalSeconds)) s (\(LoadReport.number(max(0, totalSeconds - elapsedSeconds))) s left)"
        }
        let phase = warmingUp ? "  warming up" : ""
        return "\(time)\(phase)  \(LoadReport.number(rate)) commands/s  p99 \(LoadReport.micros(p99Us))  errors \(errors)  in flight \(inFlight)"
    }
}
