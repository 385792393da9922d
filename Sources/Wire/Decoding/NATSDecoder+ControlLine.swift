/// What a complete control line says; offsets are relative to the reader index.
enum ControlLine {
    case message(PendingMessage)
    case ping
    case pong
    case ok
    case err(start: Int, end: Int)
    case info(start: Int, end: Int)
}

extension NATSDecoder {
    /// Index of the first LF at or after `from`, or nil. Eight bytes at a time.
    @inline(__always)
    static func indexOfLF(_ raw: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard let base = raw.baseAddress else { return nil }
        let n = raw.count
        var i = from
        while i + 8 <= n {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ 0x0A0A_0A0A_0A0A_0A0A
            let found = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if found != 0 { return i + found.trailingZeroBitCount / 8 }
            i += 8
        }
        let b = base.assumingMemoryBound(to: UInt8.self)
        while i < n {
            if b[i] == .lf { return i }
            i += 1
        }
        return nil
    }

    /// Parses the control line ending at `lf` (CR before it optional).
    static func parseLine(_ raw: UnsafeRawBufferPointer, lf: Int, limits: NATSDecoderLimits) throws -> ControlLine {
        let b = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let end = lf > 0 && b[lf - 1] == .cr ? lf - 1 : lf
        if end > limits.maxControlLineBytes {
            throw NATSProtocolError(.controlLineTooLong, "control line of \(end) bytes exceeds \(limits.maxControlLineBytes)")
        }
        @inline(__always) func lower(_ i: Int) -> UInt8 { i < end ? b[i] | 0x20 : 0 }
        @inline(__always) func blank(_ i: Int) -> Bool { i < end && b[i].isBlank }

        switch lower(0) {
        case UInt8(ascii: "m"):
            if lower(1) == UInt8(ascii: "s"), lower(2) == UInt8(ascii: "g"), blank(3) {
                return .message(try parseMessage(b, argsFrom: 4, end: end, lineLength: lf + 1, hasHeaders: false, limits: limits))
            }
        case UInt8(ascii: "h"):
            if lower(1) == UInt8(ascii: "m"), lower(2) == UInt8(ascii: "s"), lower(3) == UInt8(ascii: "g"), blank(4) {
                return .message(try parseMessage(b, argsFrom: 5, end: end, lineLength: lf + 1, hasHeaders: true, limits: limits))
            }
        case UInt8(ascii: "p"):
            if lower(1) == UInt8(ascii: "i"), lower(2) == UInt8(ascii: "n"), lower(3) == UInt8(ascii: "g"), onlyBlanks(b, 4, end) {
                return .ping
            }
            if lower(1) == UInt8(ascii: "o"), lower(2) == UInt8(ascii: "n"), lower(3) == UInt8(ascii: "g"), onlyBlanks(b, 4, end) {
                return .pong
            }
        case UInt8(ascii: "+"):
            if lower(1) == UInt8(ascii: "o"), lower(2) == UInt8(ascii: "k"), onlyBlanks(b, 3, end) {
                return .ok
            }
        case UInt8(ascii: "-"):
            if lower(1) == UInt8(ascii: "e"), lower(2) == UInt8(ascii: "r"), lower(3) == UInt8(ascii: "r"), end == 4 || blank(4) {
                var (s, e) = trimmed(b, 4, end)
                if e - s >= 2, b[s] == UInt8(ascii: "'"), b[e - 1] == UInt8(ascii: "'") {
                    s += 1
                    e -= 1
                }
                return .err(start: s, end: e)
            }
        case UInt8(ascii: "i"):
            if lower(1) == UInt8(ascii: "n"), lower(2) == UInt8(ascii: "f"), lower(3) == UInt8(ascii: "o"), blank(4) {
                let (s, e) = trimmed(b, 4, end)
                return .info(start: s, end: e)
            }
        default:
            break
        }
        throw NATSProtocolError(.unknownOperation, "unknown protocol operation")
    }

    private static func onlyBlanks(_ b: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        guard from <= to else { return false }
        var i = from
        while i < to {
            if !b[i].isBlank { return false }
            i += 1
        }
        return true
    }

    private static func trimmed(_ b: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> (Int, Int) {
        var s = from
        var e = to
        while s < e, b[s].isBlank { s += 1 }
        while e > s, b[e - 1].isBlank { e -= 1 }
        return (s, e)
    }

    /// The next blank-separated field of `[i, end)`, advancing `i` past it; nil at the end.
    @inline(__always)
    private static func field(_ b: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int) -> (start: Int, end: Int)? {
        while i < end, b[i].isBlank { i += 1 }
        guard i < end else { return nil }
        let start = i
        i = tokenEnd(b, from: i, end: end)
        return (start, i)
    }

    /// The index of the first space or tab at or after `from`, or `end`. Eight bytes at a time:
    /// a word is searched for bytes below 0x21, and each hit is checked for being a blank (other
    /// control bytes belong to the token, as in the byte-by-byte rule).
    @inline(__always)
    private static func tokenEnd(_ b: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var i = from
        let raw = UnsafeRawPointer(b)
        while i + 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let low = (word &- 0x2121_2121_2121_2121) & ~word & 0x8080_8080_8080_8080
            if low == 0 {
                i += 8
                continue
            }
            // The lowest flagged byte is exact; later ones may be borrow artefacts, so step bytewise.
            i += low.trailingZeroBitCount / 8
            if b[i].isBlank { return i }
            i += 1
        }
        while i < end, !b[i].isBlank { i += 1 }
        return i
    }

    /// `MSG <subject> <sid> [reply] <size>` or `HMSG <subject> <sid> [reply] <hdr_len> <total_len>`.
    private static func parseMessage(
        _ b: UnsafePointer<UInt8>,
        argsFrom: Int,
        end: Int,
        lineLength: Int,
        hasHeaders: Bool,
        limits: NATSDecoderLimits
    ) throws -> PendingMessage {
        var i = argsFrom
        let op = hasHeaders ? "HMSG" : "MSG"
        // Fields after the sid: [reply] size (MSG) or [reply] hdr total (HMSG); at most three.
        guard let subject = field(b, &i, end), let sidField = field(b, &i, end), let f2 = field(b, &i, end) else {
            throw NATSProtocolError(.invalidArguments, "\(op) has too few arguments")
        }
        let f3 = field(b, &i, end)
        let f4 = f3 == nil ? nil : field(b, &i, end)
        if f4 != nil, field(b, &i, end) != nil {
            throw NATSProtocolError(.invalidArguments, "\(op) has too many arguments")
        }
        let sid = try decimal(b, sidField.start, sidField.end, "sid")
        var reply: (start: Int, end: Int)?
        var headerLength = -1
        let total: UInt64
        if hasHeaders {
            guard let f3 else { throw NATSProtocolError(.invalidArguments, "HMSG has too few arguments") }
            let header: UInt64
            if let f4 {
                reply = f2
                header = try decimal(b, f3.start, f3.end, "header size")
                total = try decimal(b, f4.start, f4.end, "total size")
            } else {
                header = try decimal(b, f2.start, f2.end, "header size")
                total = try decimal(b, f3.start, f3.end, "total size")
            }
            guard header <= total else {
                throw NATSProtocolError(.headerLengthExceedsTotal, "header size \(header) exceeds total size \(total)")
            }
            guard header <= UInt64(limits.maxHeaderBytes) else {
                throw NATSProtocolError(.headerBlockTooLarge, "header block of \(header) bytes exceeds \(limits.maxHeaderBytes)")
            }
            headerLength = Int(header)
        } else {
            guard f4 == nil else { throw NATSProtocolError(.invalidArguments, "MSG has too many arguments") }
            if let f3 {
                reply = f2
                total = try decimal(b, f3.start, f3.end, "size")
            } else {
                total = try decimal(b, f2.start, f2.end, "size")
            }
        }
        guard total <= UInt64(limits.maxPayloadBytes) else {
            throw NATSProtocolError(.payloadTooLarge, "message of \(total) bytes exceeds \(limits.maxPayloadBytes)")
        }
        return PendingMessage(
            lineLength: lineLength,
            subjectStart: subject.start,
            subjectLength: subject.end - subject.start,
            replyStart: reply?.start ?? -1,
            replyLength: reply.map { $0.end - $0.start } ?? 0,
            sid: sid,
            headerLength: headerLength,
            totalLength: Int(total)
        )
    }

    /// An unsigned decimal from ASCII digits (`ASCIIDecimal`), as a protocol error naming `what`.
    @inline(__always)
    static func decimal(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ what: StaticString) throws -> UInt64 {
        do {
            return try ASCIIDecimal.parse(UnsafeRawBufferPointer(start: b + start, count: end - start))
        } catch .overflow {
            throw NATSProtocolError(.invalidInteger, "\(what) overflows")
        } catch {
            throw NATSProtocolError(.invalidInteger, "\(what) is not a decimal number")
        }
    }
}
