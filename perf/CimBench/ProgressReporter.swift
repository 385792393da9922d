import BenchKit
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Prints the load's progress on standard error: one line rewritten in place every second on a
/// terminal, a plain line every `plainInterval` seconds otherwise (logs, CI).
struct ProgressReporter: Sendable {
    let totalSeconds: Double?
    let plainInterval: Double

    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }

    /// Runs until cancelled.
    func run(load: ServiceLoad) async {
        let terminal = Self.standardErrorIsTerminal
        let started = ServiceLoad.now()
        var lastPersisted = 0
        var lastTime = started
        var lastPrinted = 0.0
        defer { if terminal { printError("") } }
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
            let now = ServiceLoad.now()
            let figures = load.snapshot()
            let interval = Double(now - lastTime) / 1e9
            let rate = interval > 0 ? Double(figures.persisted - lastPersisted) / interval : 0
            (lastPersisted, lastTime) = (figures.persisted, now)
            let elapsed = Double(now - started) / 1e9
            let line = ProgressLine(
                elapsedSeconds: elapsed, totalSeconds: totalSeconds, rate: rate, p99Us: figures.p99, errors: figures.errors,
                inFlight: figures.inFlight, warmingUp: now < figures.windowStart)
            if terminal {
                writeError("\r\u{1B}[K" + line.text)
            } else if elapsed - lastPrinted >= plainInterval {
                lastPrinted = elapsed
                printError("cim-bench: " + line.text)
            }
        }
    }

    private func writeError(_ text: String) {
        var bytes = text
        bytes.withUTF8 { buffer in _ = write(2, buffer.baseAddress, buffer.count) }
    }
}
