import Foundation
import NIOCore

/// The differences between a wanted configuration (stream or consumer) and the server's, over the
/// fields the wanted one sets.
struct ConfigDrift {
    struct Field: Sendable {
        var field: String
        var wanted: String
        var current: String
    }

    var fields: [Field] = []
    var incompatible: [Field] = []
    let wantedObject: [String: Any]

    /// - Throws: `JetStreamError(.invalidArgument)` when either configuration cannot be encoded
    ///   (a drift check that cannot see the fields must not report "no drift").
    init<Config: Encodable>(wanted: Config, current: Config) throws(JetStreamError) {
        wantedObject = try Self.object(wanted, "the wanted configuration")
        let currentObject = try Self.object(current, "the server's configuration")
        for (key, wantedValue) in wantedObject.sorted(by: { $0.key < $1.key }) where key != "name" {
            let currentValue = currentObject[key]
            guard !Self.equal(key, wantedValue, currentValue) else { continue }
            let field = Field(field: key, wanted: Self.text(wantedValue), current: currentValue.map(Self.text) ?? "unset")
            fields.append(field)
            if Self.isIncompatible(key, wanted: wantedValue, current: currentValue) { incompatible.append(field) }
        }
    }

    /// The update body: the server's configuration as the server sent it in `currentReply` (a
    /// `STREAM.INFO` reply), with the wanted fields laid over it, so that fields this client does
    /// not model keep their values.
    func mergedUpdate(currentReply: ByteBuffer) throws -> ByteBuffer {
        let reply: Any
        do {
            reply = try JSONSerialization.jsonObject(with: Data(currentReply.readableBytesView))
        } catch {
            throw JetStreamError(.invalidResponse, "the STREAM.INFO reply is not JSON", underlying: error)
        }
        guard var merged = (reply as? [String: Any])?["config"] as? [String: Any] else {
            throw JetStreamError(.invalidResponse, "STREAM.INFO reply without a configuration")
        }
        for (key, value) in wantedObject { merged[key] = value }
        let data = try JSONSerialization.data(withJSONObject: merged, options: [.sortedKeys, .withoutEscapingSlashes])
        return ByteBuffer(bytes: data)
    }

    /// Fields where 0 and -1 both mean "no limit".
    private static let limitFields: Set<String> = ["max_msgs", "max_bytes", "max_msgs_per_subject", "max_msg_size", "max_consumers"]
    /// Flags the server reports as absent when false.
    private static let flagFields: Set<String> = [
        "allow_rollup_hdrs", "allow_direct", "deny_delete", "deny_purge", "discard_new_per_subject", "allow_atomic", "allow_msg_ttl",
    ]

    private static func equal(_ key: String, _ wanted: Any, _ current: Any?) -> Bool {
        if flagFields.contains(key) { return (wanted as? Bool ?? false) == (current as? Bool ?? false) }
        if key == "metadata", let wanted = wanted as? [String: String] {
            // The server adds its own `_nats.*` keys.
            let current = current as? [String: String] ?? [:]
            return wanted.allSatisfy { current[$0.key] == $0.value }
        }
        if let wanted = wanted as? NSNumber {
            var w = wanted.int64Value
            var c = (current as? NSNumber)?.int64Value ?? 0
            if limitFields.contains(key) {
                if w == 0 { w = -1 }
                if c == 0 { c = -1 }
            }
            if key == "num_replicas" {
                w = max(w, 1)
                c = max(c, 1)
            }
            return w == c
        }
        if let wanted = wanted as? [String] { return wanted == (current as? [String] ?? []) }
        if let wanted = wanted as? String { return wanted == (current as? String ?? "") }
        return false
    }

    private static func isIncompatible(_ key: String, wanted: Any, current: Any?) -> Bool {
        switch key {
        case "storage": return true
        case "retention": return (wanted as? String) == "workqueue" || (current as? String) == "workqueue"
        case "deny_delete", "deny_purge", "allow_msg_ttl": return (current as? Bool ?? false) && !(wanted as? Bool ?? false)
        default: return false
        }
    }

    private static func object(_ config: some Encodable, _ what: String) throws(JetStreamError) -> [String: Any] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(config))
        } catch {
            throw JetStreamError(.invalidArgument, "cannot encode \(what) to compare it", underlying: error)
        }
        guard let fields = object as? [String: Any] else {
            throw JetStreamError(.invalidArgument, "\(what) does not encode to a JSON object")
        }
        return fields
    }

    private static func text(_ value: Any) -> String {
        // Display only: a value that does not serialise is shown by its description.
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }
}
