import Aggregates
import Testing

@Suite struct JSONWriterTests {
    @Test func writesNestedStructuresWithImpliedSeparators() {
        let text = written { w in
            w.beginObject()
            w.writeKey("a")
            w.beginArray()
            w.writeInt(1)
            w.writeBool(true)
            w.writeNull()
            w.beginObject()
            w.endObject()
            w.beginArray()
            w.endArray()
            w.writeString("x")
            w.endArray()
            w.writeField("b", nil as String?)
            w.writeKey("c")
            w.writeDouble(1.5)
            w.endObject()
        }
        #expect(text == #"{"a":[1,true,null,{},[],"x"],"b":null,"c":1.5}"#)
    }

    @Test func appendsToWhatIsAlreadyThere() {
        var buffer = Array("prefix:".utf8)
        JSONWriter.append(to: &buffer) { $0.writeInt(7) }
        #expect(String(decoding: buffer, as: UTF8.self) == "prefix:7")
    }

    @Test func escapesQuotesBackslashesAndControlCharactersOnly() {
        let text = written { $0.writeString("a\"b\\c/\n\r\t\u{8}\u{C}\u{0}\u{1}\u{1F}é😀\u{7F}") }
        #expect(text == #""a\"b\\c/\n\r\t\b\f\u0000\u0001\u001fé😀"# + "\u{7F}\"")
        #expect(written { $0.writeDynamicKey("key \"q\""); $0.writeNull() } == #""key \"q\"":null"#)
    }

    @Test func writesIntegersExactly() {
        #expect(written { $0.writeInt(0) } == "0")
        #expect(written { $0.writeInt(-1) } == "-1")
        #expect(written { $0.writeInt(Int64.max) } == "9223372036854775807")
        #expect(written { $0.writeInt(Int64.min) } == "-9223372036854775808")
        #expect(written { $0.writeInt(1_000_000) } == "1000000")
    }

    @Test func writesDoublesAsTheirShortestRoundTripText() {
        #expect(written { $0.writeDouble(1.75) } == "1.75")
        #expect(written { $0.writeDouble(1) } == "1.0")
        #expect(written { $0.writeDouble(0.1) } == "0.1")
        #expect(written { $0.writeDouble(1e20) } == "1e+20")
        #expect(written { $0.writeDouble(-0.0) } == "-0.0")
        #expect(written { $0.writeDouble(.leastNonzeroMagnitude) } == "5e-324")
        for value in [1e20, .leastNonzeroMagnitude, 0.1, -123.456, 1.7976931348623157e308, 1e-7] {
            #expect(parseJSON(written { $0.writeDouble(value) }).value.flatMap { if case .number(let n) = $0 { n.double } else { nil } } == value)
        }
    }

    @Test func valuesRoundTripThroughText() {
        let texts = [
            #"{"a":[1,-2.5e3,true,false,null,"x\ny",{"b":{}},[]],"c":"é😀","d":123456789012345678901234567890}"#,
            #"[[[[]]],{"":""}]"#, #""\u0000""#,
        ]
        for text in texts {
            let value = parseJSON(text).value
            #expect(value != nil)
            #expect(value.map { parseJSON($0.jsonText).value } == value)
        }
        #expect(parseJSON(texts[0]).value?.jsonText == texts[0])
    }
}
