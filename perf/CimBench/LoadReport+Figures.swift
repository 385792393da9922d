import BenchKit

extension LoadReport {
    /// Takes a phase's figures: counts, rate, errors, latencies; a reply with an unexpected
    /// shape or version fails the report, with samples.
    mutating func record(_ figures: ServiceLoad.Figures) {
        sent = figures.sent
        answered = figures.answered
        persisted = figures.persisted
        seconds = (figures.seconds * 1000).rounded() / 1000
        commandsPerSec = figures.seconds > 0 ? (Double(figures.persisted) / figures.seconds * 10).rounded() / 10 : 0
        errors = figures.errors
        lateReplies = figures.lateReplies
        setLatencies(figures.latencies)
        if figures.errors.wrongReply > 0 {
            fail("\(figures.errors.wrongReply) replies with an unexpected shape or version: \(figures.failureSamples.joined(separator: "; "))")
        }
    }
}
