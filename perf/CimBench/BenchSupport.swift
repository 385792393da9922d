import ArgumentParser
import NATS

/// Options shared by the benchmarks that talk to a server.
struct ServerOptions: ParsableArguments {
    @Option(help: "NATS server URL (loopback only for load tests). Default: $NATS_URL or nats://127.0.0.1:4222.")
    var url: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func configuration() throws -> NATSClientConfiguration {
        let text = url ?? environment("NATS_URL") ?? "nats://127.0.0.1:4222"
        do {
            var configuration = try NATSClientConfiguration(url: text)
            configuration.maxReconnectAttempts = 0
            configuration.name = "cim-bench"
            return configuration
        } catch {
            throw ValidationError("invalid --url: \(error)")
        }
    }
}

/// Nearest-rank percentile of sorted values.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
}

/// A JSON object from ordered key/value pairs (numbers, strings, booleans).
func jsonObject(_ pairs: [(String, any Sendable)]) -> String {
    let fields = pairs.map { key, value -> String in
        switch value {
        case let text as String: "\"\(key)\":\"\(text)\""
        case let number as Double: "\"\(key)\":\((number * 100).rounded() / 100)"
        default: "\"\(key)\":\(value)"
        }
    }
    return "{" + fields.joined(separator: ",") + "}"
}

func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    let text = String(cString: value)
    return text.isEmpty ? nil : text
}

#if canImport(Glibc)
import Glibc
#endif
