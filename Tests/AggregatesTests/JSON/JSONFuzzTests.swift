import Aggregates
import Testing

/// Seeded random inputs: the parser always returns or throws, and what it accepts survives a
/// write and a re-parse unchanged.
@Suite struct JSONFuzzTests {
    static let alphabet = Array(#"{}[]":,.-+eE0123456789 \truefalsn\u"#.utf8) + [0x0A, 0x00, 0x7F, 0x80, 0xC3, 0xA9, 0xED, 0xF0, 0xFF]

    static let corpus = [
        #"{"a":[1,-2.5e3,true,false,null,"x\ny\u00e9\ud83d\ude00",{"b":{}},[]],"c":"é😀","d":123456789012345678901234567890}"#,
        #"[[[[[[[[[[[[[[[[{"k":"v"}]]]]]]]]]]]]]]]]"#, #"{"":"","\u0000":0,"a\"b":-0.0e-0}"#,
    ]

    /// Random bytes drawn mostly from JSON's own characters.
    static func randomBytes(using rng: inout SplitMix64) -> [UInt8] {
        let count = Int.random(in: 0..<48, using: &rng)
        return (0..<count).map { _ in
            Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
        }
    }

    /// One to four edits of `bytes`: flip, insert, delete, duplicate, truncate.
    static func mutate(_ bytes: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &rng)
            case 1 where !bytes.isEmpty: bytes[position] = alphabet.randomElement(using: &rng)!
            case 2: bytes.insert(alphabet.randomElement(using: &rng)!, at: position)
            case 3 where !bytes.isEmpty: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &rng)))
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &rng))
                bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &rng))
            default: bytes = Array(bytes.prefix(position))
            }
        }
        return bytes
    }

    /// Parses; when it succeeds, writing and re-parsing gives the same value.
    static func check(_ bytes: [UInt8]) -> Bool {
        switch parseJSON(bytes) {
        case .success(let value):
            #expect(parseJSON(value.jsonText).value == value, "\(bytes)")
            return true
        case .failure(let error):
            #expect((0...bytes.count).contains(error.offset), "\(bytes)")
            return false
        }
    }

    @Test func randomBytesNeverCrashTheParser() {
        var rng = SplitMix64(state: 8259)
        var accepted = 0
        for _ in 0..<4000 where Self.check(Self.randomBytes(using: &rng)) { accepted += 1 }
        #expect(accepted > 0)
    }

    @Test func mutatedDocumentsNeverCrashTheParser() {
        var rng = SplitMix64(state: 64)
        var accepted = 0, rejected = 0
        for round in 0..<4000 {
            let base = Array(Self.corpus[round % Self.corpus.count].utf8)
            if Self.check(Self.mutate(base, using: &rng)) { accepted += 1 } else { rejected += 1 }
        }
        #expect(accepted > 50)
        #expect(rejected > 1000)
    }

    /// Random values written and parsed back.
    @Test func randomValuesRoundTrip() {
        var rng = SplitMix64(state: 42)
        func value(depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 4 ? 4 : 6), using: &rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2:
                return Bool.random(using: &rng)
                    ? .number(JSONNumber(Int64.random(in: .min ... .max, using: &rng)))
                    : .number(JSONNumber(Double(bitPattern: UInt64.random(in: 0...0x7FEF_FFFF_FFFF_FFFF, using: &rng)))!)
            case 3:
                let scalars = (0..<Int.random(in: 0..<6, using: &rng)).compactMap { _ in
                    Unicode.Scalar([0x22, 0x5C, 0x0A, 0x01, 0x41, 0xE9, 0x1F600, 0x10FFFF].randomElement(using: &rng)!)
                }
                return .string(String(String.UnicodeScalarView(scalars)))
            case 4: return .array((0..<Int.random(in: 0..<4, using: &rng)).map { _ in value(depth: depth + 1) })
            default:
                return .object((0..<Int.random(in: 0..<4, using: &rng)).map { index in JSONMember(key: "k\(index)", value: value(depth: depth + 1)) })
            }
        }
        for _ in 0..<2000 {
            let original = value(depth: 0)
            #expect(parseJSON(original.jsonText).value == original)
        }
    }
}
