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

    /// Parses `bytes` and runs `body` on the document. The tape lives on the stack while the
    /// document has at most `JSONParser.scratchCapacity` values (commands do), else on the heap.
    /// - Parameters:
    ///   - onError: turns a parse error into the caller's error type.
    /// - Throws: `onError`'s result when the bytes are not JSON, or what `body` throws.
    static func parse<R, E: Error>(
        _ bytes: UnsafeRawBufferPointer, onError: (JSONParseError) -> E, _ body: (JSONDocument) throws(E) -> R
    ) throws(E) -> R {
        try withUnsafeTemporaryAllocation(of: JSONTapeEntry.self, capacity: JSONParser.scratchCapacity) { (scratch) throws(E) -> R in
            var parser = JSONParser(bytes: bytes, scratch: scratch)
            do throws(JSONParseError) {
                try parser.parse()
            } catch {
                throw onError(error)
            }
            return try body(JSONDocument(bytes: bytes, tape: parser.tape.entries))
        }
    }
}

/// Where the parser writes the tape: first a scratch buffer the caller lends (stack memory), then,
/// only when a document has more values than that holds, heap memory this buffer owns and frees.
struct JSONTapeBuffer: ~Copyable {
    private var storage: UnsafeMutableBufferPointer<JSONTapeEntry>
    private var ownsStorage: Bool
    /// The capacity of the first heap storage, at least (an estimate from the input's size).
    private let heapCapacity: Int
    /// The entries written so far.
    private(set) var count = 0

    /// A buffer that writes into `scratch` until it is full, then into heap memory with room for
    /// at least `capacity` entries; `scratch` must outlive it.
    init(scratch: UnsafeMutableBufferPointer<JSONTapeEntry>, thenCapacity capacity: Int) {
        storage = scratch
        ownsStorage = false
        heapCapacity = capacity
    }

    /// A buffer on the heap with room for `capacity` entries before it grows.
    init(capacity: Int) {
        storage = .allocate(capacity: max(capacity, 1))
        ownsStorage = true
        heapCapacity = capacity
    }

    deinit {
        if ownsStorage { storage.deallocate() }
    }

    /// The entries written so far; valid until the next `append` or the buffer's end.
    var entries: UnsafeBufferPointer<JSONTapeEntry> {
        UnsafeBufferPointer(rebasing: storage[..<count])
    }

    /// The entry at `index`, which must be in `0 ..< count`.
    subscript(index: Int) -> JSONTapeEntry {
        get {
            precondition(index >= 0 && index < count, "tape index out of range")
            return storage[index]
        }
        set {
            precondition(index >= 0 && index < count, "tape index out of range")
            storage[index] = newValue
        }
    }

    mutating func append(_ entry: JSONTapeEntry) {
        if count == storage.count { grow() }
        storage.initializeElement(at: count, to: entry)
        count += 1
    }

    /// Moves the entries to heap memory at least twice as large.
    private mutating func grow() {
        let capacity = max(storage.count * 2, ownsStorage ? 0 : heapCapacity, 16)
        let larger = UnsafeMutableBufferPointer<JSONTapeEntry>.allocate(capacity: capacity)
        _ = larger.initialize(fromContentsOf: storage[..<count])
        if ownsStorage { storage.deallocate() }
        storage = larger
        ownsStorage = true
    }
}
