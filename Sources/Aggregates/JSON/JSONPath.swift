/// Where a field is, as decoders name it in errors: `CreatePerson.name.components.prefixes`.
///
/// A prefix plus up to three member names not yet joined to it, so descending into nested objects
/// builds no `String`; the text is made (in one allocation) only when a message or a caller asks.
struct JSONPath {
    private var prefix: String
    private var keys: (StaticString, StaticString, StaticString) = ("", "", "")
    private var keyCount = 0

    /// The path `prefix`, e.g. a command's tag; `""` for a document's root.
    init(_ prefix: String) {
        self.prefix = prefix
    }

    /// The path of the member `key` below this one.
    func appending(_ key: StaticString) -> JSONPath {
        var path = self
        switch keyCount {
        case 0: path.keys.0 = key
        case 1: path.keys.1 = key
        case 2: path.keys.2 = key
        default: return JSONPath(text).appending(key)
        }
        path.keyCount += 1
        return path
    }

    /// The prefix and each member name joined with `.`, without a dot while the text is still empty
    /// (so a member of the root is just its name).
    var text: String {
        guard keyCount > 0 else { return prefix }
        var prefix = prefix
        var capacity = prefix.utf8.count
        for index in 0..<keyCount { capacity += 1 + key(index).utf8CodeUnitCount }
        return prefix.withUTF8 { head in
            String(unsafeUninitializedCapacity: capacity) { out in
                var length = 0
                func put(_ byte: UInt8) {
                    out[length] = byte
                    length += 1
                }
                for byte in head { put(byte) }
                for index in 0..<keyCount {
                    if length > 0 { put(UInt8(ascii: ".")) }
                    key(index).withUTF8Buffer { name in
                        for byte in name { put(byte) }
                    }
                }
                return length
            }
        }
    }

    private func key(_ index: Int) -> StaticString {
        switch index {
        case 0: keys.0
        case 1: keys.1
        default: keys.2
        }
    }
}
