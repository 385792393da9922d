/// Appends the parts of a frame to memory sized for the whole frame beforehand, so that a frame
/// takes one `ByteBuffer` write (see `writePublish(subject:reply:payload:)`).
struct FrameWriter {
    private let out: UnsafeMutableRawBufferPointer
    /// Bytes appended so far.
    private(set) var count = 0

    init(_ out: UnsafeMutableRawBufferPointer) {
        self.out = out
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        UnsafeMutableRawBufferPointer(rebasing: out[count..<(count + bytes.count)]).copyMemory(from: bytes)
        count += bytes.count
    }

    mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// The reply subject and the blank after it; nothing for `.none`.
    mutating func append(_ reply: ReplySubject) {
        switch reply {
        case .none:
            return
        case .subject(let subject):
            append(subject)
        case .numbered(let prefix, let number):
            append(prefix)
            appendDecimal(number)
        }
        append(" ")
    }

    mutating func appendDecimal(_ value: UInt64) {
        let digits = ASCIIDecimal.digitCount(value)
        ASCIIDecimal.write(value, digits: digits, to: out, at: count)
        count += digits
    }

    /// Bytes `append(_ reply:)` writes.
    static func byteCount(of reply: ReplySubject) -> Int {
        switch reply {
        case .none: 0
        case .subject(let subject): subject.utf8.count + 1
        case .numbered(let prefix, let number): prefix.utf8.count + ASCIIDecimal.digitCount(number) + 1
        }
    }
}
