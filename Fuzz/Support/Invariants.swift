import Aggregates

/// Stops the fuzzer with `message`: libFuzzer reports the crash and writes the input to its artifacts.
package func invariantBroken(_ message: String) -> Never {
    fatalError("invariant broken: \(message)")
}

/// `bytes`, which `what` wrote, read by the domains' own JSON parser (`JSONValue(parsing:)`, the
/// `JSONDocument.parse` every codec reads with); anything but one JSON text breaks the invariant.
package func parseJSON(_ bytes: [UInt8], what: String) -> JSONValue {
    let parsed = bytes.withUnsafeBytes { raw in Result { () throws(JSONParseError) in try JSONValue(parsing: raw) } }
    switch parsed {
    case .success(let value): return value
    case .failure(let error): invariantBroken("\(what) is not JSON (\(error)):\n\(text(bytes))")
    }
}

/// The bytes as text, for messages.
package func text(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self)
}

/// The non-empty parts of `input[start...]` between 0x00 bytes (a byte no JSON text holds), at
/// most `limit` of them: how the targets split an input into commands or steps.
package func records(of input: UnsafeRawBufferPointer, from start: Int, limit: Int) -> [UnsafeRawBufferPointer] {
    var records: [UnsafeRawBufferPointer] = []
    var start = start
    while start < input.count, records.count < limit {
        let end = input[start...].firstIndex(of: 0) ?? input.count
        if end > start { records.append(UnsafeRawBufferPointer(rebasing: input[start..<end])) }
        start = end + 1
    }
    return records
}
