/// The open loop's ramp (`--rate 5k..50k --step 5k`): rates tried from low to high, each for
/// the run's duration, until one misses the bound; the answer is the highest rate that held.
package struct RateRamp: Sendable, Equatable {
    package let rates: [Double]

    /// What one step measured.
    package struct Step: Sendable, Equatable, Codable {
        package var rate: Double
        package var achieved: Double
        package var p99Us: UInt64
        package var errors: Int
        package var sent: Int
        package var held: Bool
        /// Why the step missed the bound (nil when it held).
        package var reason: String?

        enum CodingKeys: String, CodingKey {
            case rate, achieved, errors, sent, held, reason
            case p99Us = "p99_us"
        }
    }

    /// `from`, `from + step`, … up to `to` (included when it is on the grid; at most 1,000 steps).
    package init(from: Double, to: Double, step: Double) throws(WorkloadError) {
        guard from > 0, to >= from, step > 0 else { throw WorkloadError("a ramp needs 0 < FROM ≤ TO and a positive --step (\(from)..\(to) by \(step))") }
        let count = Int(((to - from) / step).rounded(.down)) + 1
        guard count <= 1000 else { throw WorkloadError("a ramp of \(count) steps is too long (at most 1,000): use a larger --step") }
        rates = (0..<count).map { from + Double($0) * step }
    }

    /// Whether a step at `rate` held: its p99 within `p99BoundUs`, errors at most `allowedErrorRatio`
    /// of the commands sent, and at least 95 % of the target rate stored (a generator or service
    /// that cannot keep up misses the step even with few replies late).
    package static func judge(rate: Double, achieved: Double, p99Us: UInt64, errors: Int, sent: Int, p99BoundUs: UInt64, allowedErrorRatio: Double) -> Step {
        var reason: String?
        if p99Us > p99BoundUs {
            reason = "p99 \(LoadReport.micros(p99Us)) over the bound \(LoadReport.micros(p99BoundUs))"
        } else if sent > 0, Double(errors) > allowedErrorRatio * Double(sent) {
            reason = "\(errors) errors in \(sent) commands"
        } else if achieved < 0.95 * rate {
            reason = "stored \(Int(achieved)) commands/s, under 95 % of the target"
        }
        return Step(rate: rate, achieved: achieved, p99Us: p99Us, errors: errors, sent: sent, held: reason == nil, reason: reason)
    }

    /// The highest rate of consecutive held steps from the first (nil when the first missed).
    package static func highestHeld(_ steps: [Step]) -> Double? {
        var best: Double?
        for step in steps {
            guard step.held else { break }
            best = step.rate
        }
        return best
    }
}

/// A rate from the command line: `5000`, `5k`, `1.5k`, `2m` (per second).
package func parseRate(_ text: String) -> Double? {
    var body = Substring(text.lowercased())
    var factor = 1.0
    if body.hasSuffix("k") {
        factor = 1000
        body = body.dropLast()
    } else if body.hasSuffix("m") {
        factor = 1_000_000
        body = body.dropLast()
    }
    guard let value = Double(body), value.isFinite, value > 0 else { return nil }
    return value * factor
}
