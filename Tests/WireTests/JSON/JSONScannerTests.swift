import NIOCore
import Testing
import Wire

/// A decoded value, for comparing what the scanner read.
private enum Value: Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case null
    case strings([String])
    case skipped
}

/// Reads every member of `json`: scalars and string arrays are read, other values skipped.
private func members(_ json: String) throws -> [(String, Value)] {
    try members(ByteBuffer(string: json))
}

private func members(_ json: ByteBuffer) throws -> [(String, Value)] {
    var result: [(String, Value)] = []
    try JSONScanner.forEachMember(in: json) { key, scanner in
        switch try scanner.peekKind() {
        case .string: result.append((key, .string(try scanner.readString())))
        case .number: result.append((key, .int(try scanner.readInt64())))
        case .bool: result.append((key, .bool(try scanner.readBool())))
        case .null:
            #expect(try scanner.readNull())
            result.append((key, .null))
        case .array:
            // The scanner is a value: read a copy, and skip instead when it is not all strings.
            var probe = scanner
            if let strings = try? probe.readStringArray() {
                scanner = probe
                result.append((key, .strings(strings)))
            } else {
                try scanner.skipValue()
                result.append((key, .skipped))
            }
        case .object:
            try scanner.skipValue()
            result.append((key, .skipped))
        }
    }
    return result
}

private func value(_ json: String) throws -> Value? {
    try members("{\"k\":\(json)}").first?.1
}

/// The code of the error `body` throws, or `nil` when it does not throw a protocol error.
private func errorCode(_ body: () throws -> Void) -> NATSProtocolError.Code? {
    do {
        try body()
        return nil
    } catch let error as NATSProtocolError {
        return error.code
    } catch {
        return nil
    }
}

private enum Outcome {
    case parsed
    case rejected
    case other(any Error)
}

/// Parses `buffer`; anything but success or an `.invalidInfo` error is `.other`.
private func outcome(_ buffer: ByteBuffer) -> Outcome {
    do {
        _ = try members(buffer)
        return .parsed
    } catch let error as NATSProtocolError where error.code == .invalidInfo {
        return .rejected
    } catch {
        return .other(error)
    }
}

@Suite struct JSONScannerTests {
    @Test func readsFlatObjectOfEveryKind() throws {
        let result = try members(#" { "s" : "x" , "i":-12,"t":true,"f":false,"n":null,"a":["p","q"],"e":[],"o":{"z":[1,{"y":2}]} } "#)
        #expect(result.map(\.0) == ["s", "i", "t", "f", "n", "a", "e", "o"])
        #expect(result.map(\.1) == [
            .string("x"), .int(-12), .bool(true), .bool(false), .null, .strings(["p", "q"]), .strings([]), .skipped,
        ])
    }

    @Test func emptyObjectHasNoMembers() throws {
        #expect(try members("{}").isEmpty)
        #expect(try members(" \t\r\n{ \r\n}\r\n ").isEmpty)
    }

    @Test func valuesLeftUnreadAreSkipped() throws {
        var keys: [String] = []
        try JSONScanner.forEachMember(in: ByteBuffer(string: #"{"a":{"b":[1,2.5e3,"c"]},"d":"e","f":1}"#)) { key, _ in
            keys.append(key)
        }
        #expect(keys == ["a", "d", "f"])
    }

    @Test func decodesSimpleEscapes() throws {
        #expect(try value(#""q\"b\\s\/b\bf\fn\nr\rt\t""#) == .string("q\"b\\s/b\u{08}f\u{0C}n\nr\rt\t"))
    }

    @Test func decodesUnicodeEscapes() throws {
        #expect(try value(#""\u0041\u00e9\u00E9\u20AC\u0000""#) == .string("Aéé€\u{0}"))
        #expect(try value(#""\uD83D\uDE00!""#) == .string("😀!"))
        #expect(try value(#""\udbff\udfff""#) == .string("\u{10FFFF}"))
    }

    @Test func keepsRawUTF8() throws {
        #expect(try value("\"grüße 日本 😀\"") == .string("grüße 日本 😀"))
    }

    @Test func decodesEscapedKeys() throws {
        #expect(try members(#"{"a\u0062\"":1}"#).first?.0 == "ab\"")
    }

    @Test(arguments: [
        #""\uD83D""#, #""\uD83Dx""#, #""\uD83D\n""#, #""\uD83D\u0041""#, #""\uDE00""#,
        #""\x""#, #""\u12""#, #""\u12G4""#, #""\""#, #""abc"#, "\"a\nb\"", "\"a\u{01}b\"", "\"\t\"",
    ])
    func rejectsBadStrings(_ json: String) {
        #expect(errorCode { _ = try value(json) } == .invalidInfo)
    }

    @Test(arguments: [
        [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xFF], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80],
    ] as [[UInt8]])
    func rejectsInvalidUTF8(_ bad: [UInt8]) {
        var buffer = ByteBuffer(string: #"{"k":""#)
        buffer.writeBytes(bad)
        buffer.writeString(#""}"#)
        #expect(errorCode { _ = try members(buffer) } == .invalidInfo)
    }

    @Test func readsIntegers() throws {
        #expect(try value("0") == .int(0))
        #expect(try value("-0") == .int(0))
        #expect(try value("42") == .int(42))
        #expect(try value("9223372036854775807") == .int(.max))
        #expect(try value("-9223372036854775808") == .int(.min))
    }

    @Test(arguments: ["9223372036854775808", "-9223372036854775809", "99999999999999999999", "01", "-01", "1.5", "1e3", "1E3", "-", "+1", "-x"])
    func rejectsNonInt64Numbers(_ json: String) {
        #expect(errorCode { _ = try value(json) } == .invalidInfo)
    }

    @Test func readsUInt64() throws {
        func read(_ json: String) throws -> UInt64 {
            var result: UInt64 = 0
            try JSONScanner.forEachMember(in: ByteBuffer(string: "{\"k\":\(json)}")) { _, scanner in
                result = try scanner.readUInt64()
            }
            return result
        }
        #expect(try read("18446744073709551615") == .max)
        #expect(try read("7") == 7)
        #expect(errorCode { _ = try read("18446744073709551616") } == .invalidInfo)
        #expect(errorCode { _ = try read("-1") } == .invalidInfo)
        #expect(errorCode { _ = try read("\"1\"") } == .invalidInfo)
    }

    @Test func skipsFloatsAndExponents() throws {
        let result = try members(#"{"o":{"a":1.5e-3,"b":-0.0,"c":2E+10,"d":1e5,"e":123456789012345678901234567890},"k":1}"#)
        #expect(result.map(\.1) == [.skipped, .int(1)])
    }

    @Test(arguments: ["1.", "1e", "1e+", ".5", "01", "-", "1.e5", "--1"])
    func rejectsMalformedNumbersWhenSkipping(_ number: String) {
        #expect(errorCode { _ = try members(#"{"o":{"x":\#(number)}}"#) } == .invalidInfo)
    }

    @Test func readsStringArrays() throws {
        #expect(try value(#"[ "a" , "b\n" ,"\u00e9" ]"#) == .strings(["a", "b\n", "é"]))
        #expect(try value("[ ]") == .strings([]))
        for bad in [#"["a",]"#, #"[,"a"]"#, #"["a" "b"]"#, "[1]", #"["a",null]"#, #"["a""#, "[", #"[["a"]]"#, "{}", #""a""#] {
            let code = errorCode {
                try JSONScanner.forEachMember(in: ByteBuffer(string: "{\"k\":\(bad)}")) { _, scanner in
                    _ = try scanner.readStringArray()
                }
            }
            #expect(code == .invalidInfo, "\(bad)")
        }
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        // The top-level object is level 1, so a member value may nest 63 more levels.
        let allowed = JSONScanner.maxDepth - 1
        let arrays = String(repeating: "[", count: allowed) + String(repeating: "]", count: allowed)
        #expect(try members("{\"k\":\(arrays)}").count == 1)
        let objects = String(repeating: "{\"a\":", count: allowed) + "1" + String(repeating: "}", count: allowed)
        #expect(try members("{\"k\":\(objects)}").count == 1)
    }

    @Test func rejectsNestingBeyondTheLimit() {
        let tooDeep = JSONScanner.maxDepth
        let arrays = String(repeating: "[", count: tooDeep) + String(repeating: "]", count: tooDeep)
        #expect(errorCode { _ = try members("{\"k\":\(arrays)}") } == .invalidInfo)
        let hostile = String(repeating: "[", count: 100_000)
        #expect(errorCode { _ = try members("{\"k\":\(hostile)}") } == .invalidInfo)
    }

    @Test(arguments: [
        "", " ", "[]", "\"x\"", "1", "null", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\":1}x", "{\"a\":1}{}",
        "{\"a\" 1}", "{'a':1}", "{a:1}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":fals}", "{\"a\":True}", "{\"a\":1 \"b\":2}",
        "{\"a\":[1,]}", "{\"a\":{\"b\"}}", "{\"a\":{\"b\":1,}}", "{\"a\":{1:2}}", "{\"a\":[}", "{\"a\":{]}", "{\"a\":\"x}",
        "{\"a\":1}\u{0}", "\u{FEFF}{}", "{\"a\":undefined}",
    ])
    func rejectsMalformedDocuments(_ json: String) {
        #expect(errorCode { _ = try members(json) } == .invalidInfo)
    }

    @Test func everyTruncationThrows() throws {
        let json = #"{"a":"x\u00e9\uD83D\uDE00","b":[1,-2.5e+3,{"c":null}],"d":true,"e":["f"],"g":-9}"#
        #expect(try members(json).count == 5)
        let bytes = Array(json.utf8)
        for length in 0..<bytes.count {
            let prefix = ByteBuffer(bytes: bytes[0..<length])
            #expect(errorCode { _ = try members(prefix) } == .invalidInfo, "prefix length \(length)")
        }
    }

    @Test func randomInputNeverCrashes() {
        // Bytes biased towards JSON syntax, so that inputs get deep into the scanner.
        let alphabet = Array(#"{}[]:,"\\/u0123456789abcdefABCDEF.eE+-tnrl "#.utf8) + [0x00, 0x0A, 0x1F, 0x7F, 0xC3, 0xA9, 0xED, 0xF0, 0xFF]
        var generator = SeededGenerator(seed: 0x5EED_1234)
        var parsed = 0
        for _ in 0..<20_000 {
            var bytes: [UInt8] = [UInt8(ascii: "{")]
            for _ in 0..<Int.random(in: 0..<40, using: &generator) {
                bytes.append(alphabet.randomElement(using: &generator)!)
            }
            if Bool.random(using: &generator) { bytes.append(UInt8(ascii: "}")) }
            switch outcome(ByteBuffer(bytes: bytes)) {
            case .parsed: parsed += 1
            case .rejected: break
            case .other(let error): Issue.record("unexpected error \(error)")
            }
        }
        #expect(parsed > 0)
    }

    @Test func mutatedValidDocumentsNeverCrash() {
        let valid = Array(#"{"a":"x\u00e9","b":[1,2.5,{"c":null}],"d":true,"e":["f","g"],"h":-9,"i":{"j":{}}}"#.utf8)
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<20_000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: index)
                default: bytes.insert(bytes[index], at: index)
                }
                if bytes.isEmpty { break }
            }
            if case .other(let error) = outcome(ByteBuffer(bytes: bytes)) {
                Issue.record("unexpected error \(error) for \(bytes)")
            }
        }
    }
}
