import Aggregates
import Testing

@Suite struct JSONParserTests {
    @Test func parsesEveryKindWithSurroundingWhitespace() {
        let value = parseJSON(" \t\r\n{\"a\" : [1, -2.5e3 , true,false, null, \"x\", {}, []] } \n").value
        #expect(value == .object([JSONMember(key: "a", value: .array([
            .number(JSONNumber("1")!), .number(JSONNumber("-2.5e3")!), .bool(true), .bool(false), .null, .string("x"),
            .object([]), .array([]),
        ]))]))
    }

    @Test func keepsObjectMembersInOrder() {
        let value = parseJSON(#"{"z":1,"a":2,"m":3}"#).value
        guard case .object(let members)? = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["z", "a", "m"])
        #expect(value?["a"] == .number(JSONNumber("2")!))
        #expect(value?["b"] == nil)
    }

    @Test func acceptsTopLevelScalars() {
        #expect(parseJSON("0").value == .number(JSONNumber("0")!))
        #expect(parseJSON(#""hi""#).value == .string("hi"))
        #expect(parseJSON("null").value == .null)
    }

    @Test func decodesEveryEscape() {
        let value = parseJSON(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC""#).value
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\tAé€"))
    }

    @Test func decodesSurrogatePairs() {
        #expect(parseJSON(#""\ud83d\ude00""#).value == .string("😀"))
        #expect(parseJSON(#""a\uD834\uDD1Eb""#).value == .string("a𝄞b"))
    }

    @Test(arguments: [#""\ud83d""#, #""\ud83dx""#, #""\ud83d\u0041""#, #""\ude00""#, #""\ud83d\ud83d""#])
    func rejectsLoneSurrogates(text: String) {
        #expect(parseJSON(text).error != nil)
    }

    @Test(arguments: [#""\x""#, #""\u12""#, #""\u12G4""#, #""\"#, #""\u"#, #""abc"#, "\""])
    func rejectsBadEscapesAndUnterminatedStrings(text: String) {
        #expect(parseJSON(text).error != nil)
    }

    @Test func acceptsRawUTF8() {
        #expect(parseJSON("\"é😀\u{7F}中\"").value == .string("é😀\u{7F}中"))
    }

    @Test(arguments: [
        [0x22, 0xFF, 0x22], [0x22, 0x80, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xC1, 0xBF, 0x22],
        [0x22, 0xE0, 0x80, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22],
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22],
        [0x22, 0xE2, 0x82], [0x22, 0xC3, 0x28, 0x22], [0xEF, 0xBB, 0xBF, 0x31],
    ] as [[UInt8]])
    func rejectsInvalidUTF8(bytes: [UInt8]) {
        #expect(parseJSON(bytes).error != nil)
    }

    @Test func rejectsRawControlCharactersInStrings() {
        let error = parseJSON("\"a\nb\"").error
        #expect(error?.offset == 2)
        #expect(error?.message.contains("U+000A") == true)
        #expect(parseJSON([0x22, 0x00, 0x22]).error != nil)
        #expect(parseJSON([0x22, 0x1F, 0x22]).error != nil)
    }

    @Test func nestsUpTo64Levels() {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(parseJSON(ok).value != nil)
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(parseJSON(tooDeep).error?.offset == 64)
        let objects = String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)
        #expect(parseJSON(objects).error?.message.contains("64") == true)
    }

    @Test func survivesVeryDeepInputWithoutRecursingFurther() {
        #expect(parseJSON(String(repeating: "[", count: 100_000)).error?.offset == 64)
    }

    @Test func rejectsDuplicateKeysNamingThem() {
        let error = parseJSON(#"{"a":1,"b":2,"a":3}"#).error
        #expect(error?.offset == 13)
        #expect(error?.message == #"duplicate key "a" in an object"#)
        #expect(parseJSON(#"{"a":1,"\u0061":2}"#).error?.message.contains(#""a""#) == true)
        #expect(parseJSON(#"{"a":{"a":1},"b":{"a":2}}"#).value != nil)
    }

    @Test func rejectsDuplicateKeysInLargeObjects() {
        let keys = (0..<40).map { #""k\#($0)":\#($0)"# }
        #expect(parseJSON("{" + keys.joined(separator: ",") + "}").value != nil)
        let error = parseJSON("{" + keys.joined(separator: ",") + #","k7":0}"#).error
        #expect(error?.message == #"duplicate key "k7" in an object"#)
    }

    @Test func parsesDocumentsWithMoreValuesThanTheStackTapeHolds() {
        // 5001 values: past the stack scratch tape and several heap growths after it.
        let text = "[" + (0..<5000).map { String($0) }.joined(separator: ",") + "]"
        #expect(parseJSON(text).value == .array((0..<5000).map { .number(JSONNumber(Int64($0))) }))
    }

    @Test func findsEveryQuoteEscapeAndControlCharacterWhereverItSits() {
        // Strings are scanned eight bytes at a time: put each byte that matters at every offset.
        for length in 0..<24 {
            for position in 0...length {
                let head = String(repeating: "a", count: position), tail = String(repeating: "b", count: length - position)
                #expect(parseJSON(#"["\#(head)\"\#(tail)"]"#).value == .array([.string(head + "\"" + tail)]))
                #expect(parseJSON(#"["\#(head)\\\#(tail)"]"#).value == .array([.string(head + "\\" + tail)]))
                #expect(parseJSON(#"["\#(head)é\#(tail)"]"#).value == .array([.string(head + "é" + tail)]))
                #expect(parseJSON(#"["\#(head)"]"#).value == .array([.string(head)]))
                #expect(parseJSON("[\"\(head)\u{1}\(tail)\"]").error?.offset == 2 + position)
                #expect(parseJSON(Array("[\"\(head)".utf8) + [0xFF] + Array("\(tail)\"]".utf8)).error?.offset == 2 + position)
                #expect(parseJSON(#"["\#(head)"#).error?.message == "unterminated string")
            }
        }
    }

    @Test(arguments: ["{} x", "1 2", "{}}", "[1]]", "nullx", "\"a\"\"b\"", "0 0", "[] ,"])
    func rejectsTrailingBytes(text: String) {
        #expect(parseJSON(text).error?.message.contains("end of the input") == true)
    }

    @Test(arguments: ["", " ", "[", "[1,", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\"}", "{\"a\" 1}", "{1:2}", "{a:1}", "tru", "True",
                      "nul", "falsey", "[1 2]", "'a'", "{\"a\":}"])
    func rejectsBrokenStructure(text: String) {
        #expect(parseJSON(text).error != nil)
    }

    @Test func reportsTheOffsetOfTheProblem() {
        #expect(parseJSON("[1,,2]").error?.offset == 3)
        #expect(parseJSON("  x").error == JSONParseError(offset: 2, message: "expected a value, found 'x'"))
        #expect(parseJSON("").error == JSONParseError(offset: 0, message: "expected a value, found the end of the input"))
        #expect(parseJSON(#""abc"#).error == JSONParseError(offset: 0, message: "unterminated string"))
    }

    @Test(arguments: ["0", "-0", "1", "-1", "10", "1.0", "0.5", "-0.0", "1e5", "1E+5", "1e-5", "2.5E-3",
                      "123456789012345678901234567890", "1e400"])
    func acceptsNumbersOfTheGrammar(text: String) {
        #expect(parseJSON(text).value == .number(JSONNumber(text)!))
    }

    @Test(arguments: ["01", "-01", "-", "+1", ".5", "1.", "1.e5", "1e", "1e+", "--1", "0x10", "NaN", "Infinity", "-Infinity",
                      "1_000", "00", "1.5.2"])
    func rejectsNumbersOutsideTheGrammar(text: String) {
        #expect(parseJSON(text).error != nil)
        #expect(JSONNumber(text) == nil)
    }
}
