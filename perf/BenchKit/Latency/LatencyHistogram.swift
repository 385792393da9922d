import Histogram

/// Latencies in microseconds, in an HdrHistogram (three significant digits, any value), with a
/// compact encoding for reports that `cim-bench merge` adds together.
package struct LatencyHistogram: Sendable, Equatable {
    package private(set) var histogram = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
    /// The largest value recorded, exact (the histogram keeps it to three digits after decoding).
    package private(set) var maximum: UInt64 = 0

    package init() {}

    package var count: UInt64 { histogram.totalCount }

    package mutating func record(microseconds: UInt64) {
        histogram.record(microseconds)
        maximum = max(maximum, microseconds)
    }

    /// The value at `percentile` (0…100), never above the exact maximum; 0 when empty.
    package func value(at percentile: Double) -> UInt64 {
        count == 0 ? 0 : min(histogram.valueAtPercentile(percentile), maximum)
    }

    /// The mean in microseconds; 0 when empty.
    package var mean: Double { count == 0 ? 0 : histogram.mean }

    package mutating func add(_ other: LatencyHistogram) {
        histogram.add(other.histogram)
        maximum = max(maximum, other.maximum)
    }

    package mutating func reset() {
        histogram.reset()
        maximum = 0
    }

    /// The recorded values as `[[value, count], …]` pairs in increasing order (each value the
    /// highest equivalent of its bucket), and the exact maximum.
    package var encoded: EncodedHistogram {
        var pairs: [[UInt64]] = []
        for step in histogram.recordedValues() { pairs.append([step.value, step.count]) }
        return EncodedHistogram(significantDigits: 3, max: maximum, values: pairs)
    }

    /// A histogram from a report's encoding; a malformed pair is an error, not skipped.
    package init(decoding encoded: EncodedHistogram) throws(ReportError) {
        guard encoded.significantDigits == 3 else {
            throw ReportError("the histogram has \(encoded.significantDigits) significant digits; cim-bench writes and reads 3")
        }
        for pair in encoded.values {
            guard pair.count == 2, pair[1] > 0 else { throw ReportError("a histogram entry is not a [value, count] pair with a positive count: \(pair)") }
            histogram.record(pair[0], count: pair[1])
        }
        guard encoded.values.isEmpty || histogram.equivalentRangeForValue(encoded.max).upperBound >= histogram.maxRecorded else {
            throw ReportError("the histogram's max \(encoded.max) is below its highest recorded value \(histogram.maxRecorded)")
        }
        maximum = encoded.values.isEmpty ? 0 : encoded.max
    }

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.maximum == rhs.maximum && lhs.encoded == rhs.encoded
    }
}

/// The JSON form of a `LatencyHistogram`: `{"significant_digits":3,"max":…,"values":[[v,c],…]}`.
package struct EncodedHistogram: Codable, Sendable, Equatable {
    package var significantDigits: Int
    package var max: UInt64
    package var values: [[UInt64]]

    enum CodingKeys: String, CodingKey {
        case significantDigits = "significant_digits"
        case max, values
    }
}
