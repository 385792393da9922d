import NIOCore
import Testing
import Wire

@Suite struct JSONWritingTests {
    private func written(_ value: String) -> String {
        var buffer = ByteBuffer()
        buffer.writeJSONString(value)
        return String(buffer: buffer)
    }

    @Test func plainTextIsQuotedOnly() {
        #expect(written("") == #""""#)
        #expect(written("hello world") == #""hello world""#)
        #expect(written("grüße 😀 /") == "\"grüße 😀 /\"")
    }

    @Test func escapesQuotesBackslashesAndControlBytes() {
        #expect(written("a\"b\\c") == #""a\"b\\c""#)
        #expect(written("\n\r\t") == #""\n\r\t""#)
        #expect(written("\u{0}\u{1}\u{8}\u{C}\u{1B}\u{1F}") == #""\u0000\u0001\u0008\u000c\u001b\u001f""#)
        #expect(written("\u{7F} ~") == "\"\u{7F} ~\"")
    }

    @Test func everyScalarRoundTripsThroughTheScanner() throws {
        var text = String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init)))
        text += "é€😀\u{10FFFF}"
        var buffer = ByteBuffer(string: #"{"k":"#)
        buffer.writeJSONString(text)
        buffer.writeString("}")
        var decoded: String?
        try JSONScanner.forEachMember(in: buffer) { _, scanner in decoded = try scanner.readString() }
        #expect(decoded == text)
    }

    @Test func writesIntegersAndBools() {
        var buffer = ByteBuffer()
        for value in [0, 7, 42, -1, -305, 1_000_000, Int.max, Int.min] {
            buffer.writeJSONInteger(value)
            buffer.writeString(" ")
        }
        buffer.writeJSONBool(true)
        buffer.writeJSONBool(false)
        #expect(String(buffer: buffer) == "0 7 42 -1 -305 1000000 9223372036854775807 -9223372036854775808 truefalse")
    }
}
