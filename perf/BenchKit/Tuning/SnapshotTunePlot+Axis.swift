import Foundation

extension SnapshotTunePlot {
    /// A value axis: its range, its ticks, and whether it is logarithmic.
    struct Axis: Sendable, Equatable {
        var low: Double
        var high: Double
        var logarithmic: Bool
        var ticks: [Double]

        /// Where `value` falls, from 0 (`low`) to 1 (`high`), clamped.
        func fraction(_ value: Double) -> Double {
            let position: Double
            if logarithmic {
                position = (log10(max(value, low)) - log10(low)) / (log10(high) - log10(low))
            } else {
                position = high > low ? (value - low) / (high - low) : 0
            }
            return min(max(position, 0), 1)
        }

        /// A tick's label, with as many decimals as the step between ticks needs (on a logarithmic
        /// axis, as the value itself needs).
        func label(_ value: Double) -> String {
            let step = logarithmic ? value : (ticks.count > 1 ? ticks[1] - ticks[0] : 1)
            guard step > 0 else { return SnapshotTuneFormat.fixed(value, 0) }
            let decimals = step >= 1 ? 0 : min(3, Int((-log10(step)).rounded(.up)))
            return SnapshotTuneFormat.fixed(value, decimals)
        }

        /// A linear axis from 0 to a round number at or above `maximum`, with about `count` ticks
        /// at steps of 1, 2 or 5 times a power of ten.
        static func linear(upTo maximum: Double, count: Int = 6) -> Axis {
            let top = maximum > 0 && maximum.isFinite ? maximum : 1
            let step = niceStep(top / Double(count))
            let high = (top / step).rounded(.up) * step
            let ticks = stride(from: 0.0, through: high + step / 2, by: step).map { $0 }
            return Axis(low: 0, high: high, logarithmic: false, ticks: ticks)
        }

        /// A logarithmic axis from the largest of 1, 2 or 5 times a power of ten at or below
        /// `minimum` to the smallest such number at or above `maximum` (both positive), with a
        /// tick at each of those numbers in between.
        static func logarithmic(from minimum: Double, to maximum: Double) -> Axis {
            // The 1-2-5 series from a decade below the minimum to a decade above the maximum.
            let first = Int(log10(minimum).rounded(.down)) - 1
            let last = Int(log10(maximum).rounded(.up)) + 1
            let series = (first...max(first, last)).flatMap { power in [1.0, 2.0, 5.0].map { $0 * pow(10, Double(power)) } }
            let low = series.last { $0 <= minimum * 1.0001 } ?? series[0]
            var high = series.first { $0 >= maximum * 0.9999 } ?? series[series.count - 1]
            if high <= low { high = series.first { $0 > low } ?? low * 10 }
            return Axis(low: low, high: high, logarithmic: true, ticks: series.filter { $0 >= low && $0 <= high })
        }

        /// The latency axis for `values` (ms) and the budget: logarithmic when they span more than
        /// `spread` times (a linear one would flatten the small values to the floor), else linear.
        static func latency(values: [Double], budget: Double, spread: Double = 20) -> Axis {
            let positive = (values + [budget]).filter { $0 > 0 && $0.isFinite }
            guard let smallest = positive.min(), let largest = positive.max() else { return linear(upTo: 1) }
            if largest / smallest > spread { return logarithmic(from: smallest, to: largest) }
            return linear(upTo: largest * 1.05)
        }

        /// 1, 2 or 5 times a power of ten, at or above `raw`.
        static func niceStep(_ raw: Double) -> Double {
            guard raw > 0, raw.isFinite else { return 1 }
            let power = pow(10, log10(raw).rounded(.down))
            for factor in [1.0, 2.0, 5.0, 10.0] where raw <= factor * power * 1.0000001 { return factor * power }
            return 10 * power
        }
    }
}
