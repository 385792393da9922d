import Testing

@testable import BenchKit

@Suite struct KeySamplerTests {
    /// Pearson's chi-square of `counts` against `sampler`'s probabilities.
    private func chiSquare(_ counts: [Int], _ sampler: KeySampler, draws: Int) -> Double {
        counts.indices.reduce(0) { sum, index in
            let expected = sampler.probability(of: index) * Double(draws)
            let difference = Double(counts[index]) - expected
            return sum + difference * difference / expected
        }
    }

    @Test(arguments: [0.8, 1.0, 1.5])
    func zipfDrawsFollowTheDistribution(s: Double) throws {
        let sampler = try KeySampler(count: 50, distribution: .zipf(s: s))
        var generator = SplitMix64(seed: 42)
        let draws = 200_000
        var counts = [Int](repeating: 0, count: 50)
        for _ in 0..<draws { counts[sampler.next(using: &generator)] += 1 }
        // 49 degrees of freedom: the 99.9th percentile of chi-square is about 85.
        #expect(chiSquare(counts, sampler, draws: draws) < 85)
        // Rank 1 is the most popular, and its share is 1/H(50, s).
        let harmonic = (1...50).reduce(0.0) { $0 + KeySampler.weight(rank: $1, s: s) }
        #expect(abs(sampler.probability(of: 0) - 1 / harmonic) < 1e-12)
        #expect(counts[0] == counts.max())
    }

    @Test func uniformDrawsCoverEveryKeyEvenly() throws {
        let sampler = try KeySampler(count: 20, distribution: .uniform)
        var generator = SplitMix64(seed: 7)
        var counts = [Int](repeating: 0, count: 20)
        for _ in 0..<100_000 { counts[sampler.next(using: &generator)] += 1 }
        #expect(chiSquare(counts, sampler, draws: 100_000) < 50)  // 19 degrees of freedom
    }

    @Test func theSameSeedDrawsTheSameKeys() throws {
        let sampler = try KeySampler(count: 1000, distribution: .zipf(s: 1.2))
        var first = SplitMix64(seed: 99)
        var second = SplitMix64(seed: 99)
        let a = (0..<100).map { _ in sampler.next(using: &first) }
        let b = (0..<100).map { _ in sampler.next(using: &second) }
        #expect(a == b)
    }

    @Test func refusesWhatCannotBeSampled() {
        #expect(throws: WorkloadError.self) { try KeySampler(count: 0, distribution: .uniform) }
        #expect(throws: WorkloadError.self) { try KeySampler(count: 10, distribution: .zipf(s: 0)) }
    }
}
