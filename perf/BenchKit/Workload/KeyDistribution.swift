import Foundation

/// How the load picks one of `count` aggregates: uniformly, or by Zipf's law with exponent `s`
/// (rank k, from 1, is picked with probability proportional to 1/k^s: a few hot aggregates take
/// most commands, as real traffic does).
package enum KeyDistribution: Sendable, Equatable, CustomStringConvertible {
    case uniform
    case zipf(s: Double)

    package var description: String {
        switch self {
        case .uniform: "uniform"
        case .zipf(let s): "zipf(s=\(s))"
        }
    }
}

/// Draws aggregate indexes 0..<count from a `KeyDistribution`. Zipf is sampled exactly, by
/// binary search in the cumulative distribution (8 bytes per aggregate, built once).
package struct KeySampler: Sendable {
    package let count: Int
    package let distribution: KeyDistribution
    /// Zipf: the cumulative probability of ranks 1...k at index k-1 (the last is 1).
    private let cumulative: [Double]

    package init(count: Int, distribution: KeyDistribution) throws(WorkloadError) {
        guard count >= 1 else { throw WorkloadError("the number of aggregates must be at least 1, not \(count)") }
        self.count = count
        self.distribution = distribution
        switch distribution {
        case .uniform:
            cumulative = []
        case .zipf(let s):
            guard s > 0, s.isFinite else { throw WorkloadError("the Zipf exponent must be positive, not \(s)") }
            guard count <= 50_000_000 else { throw WorkloadError("Zipf sampling holds 8 bytes per aggregate; at most 50,000,000 aggregates, not \(count)") }
            var sums = [Double](repeating: 0, count: count)
            var total = 0.0
            for rank in 1...count {
                total += Self.weight(rank: rank, s: s)
                sums[rank - 1] = total
            }
            for index in sums.indices { sums[index] /= total }
            sums[count - 1] = 1
            cumulative = sums
        }
    }

    /// Rank `rank`'s unnormalised Zipf weight.
    package static func weight(rank: Int, s: Double) -> Double {
        1 / pow(Double(rank), s)
    }

    /// The probability of index `index` (rank index + 1).
    package func probability(of index: Int) -> Double {
        switch distribution {
        case .uniform: 1 / Double(count)
        case .zipf: cumulative[index] - (index == 0 ? 0 : cumulative[index - 1])
        }
    }

    package func next(using generator: inout some RandomNumberGenerator) -> Int {
        switch distribution {
        case .uniform:
            return Int.random(in: 0..<count, using: &generator)
        case .zipf:
            let u = Double(generator.next() >> 11) * 0x1.0p-53
            var low = 0
            var high = count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > u { high = middle } else { low = middle + 1 }
            }
            return low
        }
    }
}

/// A workload that cannot be generated as asked (a readable sentence).
package struct WorkloadError: Error, CustomStringConvertible, Equatable {
    package let description: String
    package init(_ description: String) { self.description = description }
}
