import Aggregates
import Testing

@Suite struct JSONNumberTests {
    @Test func integersStayExact() {
        #expect(JSONNumber("9223372036854775807")?.int64 == .max)
        #expect(JSONNumber("-9223372036854775808")?.int64 == .min)
        #expect(JSONNumber("9223372036854775808")?.int64 == nil)
        #expect(JSONNumber("-9223372036854775809")?.int64 == nil)
        #expect(JSONNumber("-0")?.int64 == 0)
        #expect(JSONNumber("123456789012345678901234567890")?.text == "123456789012345678901234567890")
    }

    @Test func fractionsAndExponentsAreNotIntegers() {
        #expect(JSONNumber("1.0")?.int64 == nil)
        #expect(JSONNumber("1e2")?.int64 == nil)
        #expect(JSONNumber("1e2")?.double == 100)
    }

    @Test func doublesAreTheNearestFiniteValue() {
        #expect(JSONNumber("0.1")?.double == 0.1)
        #expect(JSONNumber("1.75")?.double == 1.75)
        #expect(JSONNumber("-2.5e-3")?.double == -0.0025)
        #expect(JSONNumber("9007199254740993")?.double == 9_007_199_254_740_992)
        #expect(JSONNumber("123456789012345678901234567890")?.double == 1.2345678901234568e29)
        #expect(JSONNumber("-0")?.double?.sign == .minus)
        #expect(JSONNumber("1e400")?.double == nil)
        #expect(JSONNumber("-1e400")?.double == nil)
        #expect(JSONNumber("1e-400")?.double == 0)
    }

    @Test func buildsFromValues() {
        #expect(JSONNumber(Int64(-42)).text == "-42")
        #expect(JSONNumber(1.5)?.text == "1.5")
        #expect(JSONNumber(Double.infinity) == nil)
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(" 1") == nil)
        #expect(JSONNumber("1 ") == nil)
        #expect(JSONNumber("") == nil)
    }
}
