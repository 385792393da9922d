/// One parsed value: what it is and where it lies in the input. The parser writes these in
/// document order; a container is followed by its subtree (an object by key, value, key, value …).
struct JSONTapeEntry {
    enum Kind: UInt8 {
        case null, `true`, `false`, number
        /// A string without escapes: its content bytes are its UTF-8.
        case string
        /// A string with at least one escape: decode it before use.
        case escapedString
        case array, object
    }

    var kind: Kind
    /// The token's first byte (a string's opening quote, a container's bracket).
    var start: UInt32
    /// One past the token's last byte.
    var end: UInt32
    /// The index of the entry after this value's subtree.
    var next: UInt32
    /// An array's elements or an object's members; 0 for scalars.
    var count: UInt32
}

/// A parsed JSON text: the input bytes and their tape. Both are borrowed, so a document is valid
/// only inside the body of `JSONDocument.parse`.
struct JSONDocument {
    let bytes: UnsafeRawBufferPointer
    let tape: UnsafeBufferPointer<JSONTapeEntry>

    /// The top-level value.
    var root: JSONNode { JSONNode(document: self, index: 0) }

    /// Parses `bytes` and runs `body` on the document.
    /// - Parameters:
    ///   - onError: turns a parse error into the caller's error type.
    /// - Throws: `onError`'s result when the bytes are not JSON, or what `body` throws.
    static func parse<R, E: Error>(
        _ bytes: UnsafeRawBufferPointer, onError: (JSONParseError) -> E, _ body: (JSONDocument) throws(E) -> R
    ) throws(E) -> R {
        var parser = JSONParser(bytes: bytes)
        let entries: [JSONTapeEntry]
        do {
            entries = try parser.parseDocument()
        } catch {
            throw onError(error)
        }
        return try entries.withUnsafeBufferPointer { (tape) throws(E) -> R in
            try body(JSONDocument(bytes: bytes, tape: tape))
        }
    }
}
