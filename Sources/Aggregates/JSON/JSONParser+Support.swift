extension JSONParser {
    /// Appends a scalar entry spanning `start ..< offset`.
    mutating func append(_ kind: JSONTapeEntry.Kind, from start: Int) {
        let next = UInt32(tape.count + 1)
        tape.append(JSONTapeEntry(kind: kind, start: UInt32(start), end: UInt32(offset), next: next, count: 0))
    }

    /// Appends a container entry at the opening bracket and steps over it; `close` completes it.
    mutating func open(_ kind: JSONTapeEntry.Kind) -> Int {
        let index = tape.count
        tape.append(JSONTapeEntry(kind: kind, start: UInt32(offset), end: 0, next: 0, count: 0))
        offset += 1
        return index
    }

    mutating func close(_ index: Int, count: UInt32) {
        tape[index].end = UInt32(offset)
        tape[index].next = UInt32(tape.count)
        tape[index].count = count
    }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    mutating func skipDigits() {
        while isAtDigit() { offset += 1 }
    }

    func isAt(_ byte: UInt8) -> Bool {
        offset < bytes.count && bytes[offset] == byte
    }

    func isAtDigit() -> Bool {
        offset < bytes.count && bytes[offset] &- UInt8(ascii: "0") < 10
    }

    func fail(_ message: String) -> JSONParseError {
        JSONParseError(offset: offset, message: message)
    }

    /// The byte at `offset` as an error message shows it.
    func found() -> String {
        guard offset < bytes.count else { return "the end of the input" }
        let byte = bytes[offset]
        if byte > 0x20, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(JSONParser.hex(byte))"
    }

    static func hex(_ byte: UInt8) -> String {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// Rejects an object whose keys (compared after unescaping, byte for byte) repeat.
    func checkDuplicateKeys(object index: Int, count: Int) throws(JSONParseError) {
        let entries = tape.entries
        let document = JSONDocument(bytes: bytes, tape: entries)
        if count <= Self.pairwiseKeyLimit {
            var first = index + 1
            for member in 0..<count {
                var second = Int(entries[first + 1].next)
                for _ in (member + 1)..<count {
                    if document.keysEqual(first, second) { throw duplicate(document, key: second) }
                    second = Int(entries[second + 1].next)
                }
                first = Int(entries[first + 1].next)
            }
        } else {
            var seen = Set<[UInt8]>(minimumCapacity: count)
            var key = index + 1
            for _ in 0..<count {
                guard seen.insert(Array(document.keyText(key).utf8)).inserted else { throw duplicate(document, key: key) }
                key = Int(entries[key + 1].next)
            }
        }
    }

    private func duplicate(_ document: JSONDocument, key: Int) -> JSONParseError {
        let name = document.keyText(key)
        return JSONParseError(offset: Int(document.tape[key].start), message: "duplicate key \"\(name)\" in an object")
    }
}

extension JSONDocument {
    /// The decoded text of the string at `index`.
    func keyText(_ index: Int) -> String {
        JSONNode(document: self, index: index).decodedString()
    }

    /// Whether the strings at `a` and `b` have the same bytes once unescaped.
    func keysEqual(_ a: Int, _ b: Int) -> Bool {
        let first = tape[a], second = tape[b]
        if first.kind == .string, second.kind == .string {
            return first.end - first.start == second.end - second.start
                && Self.sameBytes(JSONNode(document: self, index: a).contentBytes, JSONNode(document: self, index: b).contentBytes)
        }
        return keyText(a).utf8.elementsEqual(keyText(b).utf8)
    }

    /// Whether `a` and `b` hold the same bytes, compared eight at a time.
    static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        var offset = 0
        while a.count - offset >= 8 {
            guard a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == b.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            else { return false }
            offset += 8
        }
        while offset < a.count {
            guard a[offset] == b[offset] else { return false }
            offset += 1
        }
        return true
    }
}
