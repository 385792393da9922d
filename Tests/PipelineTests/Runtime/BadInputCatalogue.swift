/// The bad-input catalogue: for each domain, every malformed request a client can send and the
/// typed error it must get. Written as data (`BadInput`), partly by hand (shapes that are not a
/// command at all, subjects, sizes, rules) and partly derived from one valid template per command
/// (`CommandTemplate`): each required field left out, each field of the wrong type, each UUID,
/// timestamp, date, enum and number field with values that are not one.
/// `BadInputCatalogueTests` sends every case to a running service.

/// One bad request and the answer it must get.
struct BadInput: Sendable, CustomStringConvertible {
    /// What is wrong, e.g. `CreatePerson.source missing`.
    var name: String
    var subject: String
    var payload: [UInt8]
    /// The `error.code` of the reply.
    var code: String
    /// The reply's `error.field`: exactly this, or absent when `nil`.
    var field: String?
    /// Texts the reply's `error.message` must contain (it names the problem).
    var mentions: [String]

    init(_ name: String, subject: String, payload: [UInt8], code: String, field: String? = nil, mentions: [String]) {
        self.name = name
        self.subject = subject
        self.payload = payload
        self.code = code
        self.field = field
        self.mentions = mentions
    }

    init(_ name: String, subject: String, _ json: String, code: String, field: String? = nil, mentions: [String]) {
        self.init(name, subject: subject, payload: Array(json.utf8), code: code, field: field, mentions: mentions)
    }

    var description: String { "\(name) on \(subject)" }
}

/// A field of a valid command, and what kind of value it holds (which bad values it gets).
struct TemplateField: Sendable {
    enum Kind: Sendable {
        /// Any JSON; only "missing" and "wrong type" cases.
        case plain
        case uuid
        case timestamp
        case date
        /// One of these names.
        case variant([String])
        /// An integer in the range (these out-of-range texts are tried).
        case integer(outOfRange: [String])
        /// A finite number.
        case finite
    }

    indirect enum Value: Sendable {
        /// The JSON text of a valid value.
        case json(String)
        /// An object whose members get cases of their own.
        case object([TemplateField])
    }

    var key: String
    var value: Value
    var required: Bool
    var kind: Kind

    static func required(_ key: String, _ json: String, _ kind: Kind = .plain) -> TemplateField {
        TemplateField(key: key, value: .json(json), required: true, kind: kind)
    }

    static func optional(_ key: String, _ json: String, _ kind: Kind = .plain) -> TemplateField {
        TemplateField(key: key, value: .json(json), required: false, kind: kind)
    }

    static func object(_ key: String, required: Bool = true, _ fields: [TemplateField]) -> TemplateField {
        TemplateField(key: key, value: .object(fields), required: required, kind: .plain)
    }

    var json: String {
        switch value {
        case .json(let text): text
        case .object(let fields): TemplateField.render(fields)
        }
    }

    static func render(_ fields: [TemplateField]) -> String {
        "{" + fields.map { "\"\($0.key)\":\($0.json)" }.joined(separator: ",") + "}"
    }

    /// A value of another JSON type than the valid one.
    var wrongType: String {
        switch json.first {
        case "\"": "42"
        case "{": "\"text\""
        case "[": "{}"
        case "t", "f": "\"yes\""
        case "n": "42"
        default: "\"1\""
        }
    }
}

/// A valid command as its fields; the catalogue derives the field cases from it.
struct CommandTemplate: Sendable {
    var name: String
    var subject: String
    /// Person's commands are externally tagged (`{"CreatePerson":{…}}`, paths `CreatePerson.…`);
    /// the other domains send the fields as the payload itself.
    var tag: String?
    var fields: [TemplateField]

    var json: String { wrap(TemplateField.render(fields)) }

    func wrap(_ body: String) -> String {
        guard let tag else { return body }
        return "{\"\(tag)\":\(body)}"
    }

    /// Every case derived from the fields: missing, wrong type, and bad values of their kind.
    var cases: [BadInput] {
        var cases: [BadInput] = []
        func walk(_ fields: [TemplateField], path: String, rebuild: @escaping ([TemplateField]) -> String) {
            for (index, field) in fields.enumerated() {
                let here = path.isEmpty ? field.key : "\(path).\(field.key)"
                func with(_ json: String) -> String {
                    var changed = fields
                    changed[index].value = .json(json)
                    return rebuild(changed)
                }
                if field.required {
                    var without = fields
                    without.remove(at: index)
                    cases.append(BadInput("\(name): \(here) missing", subject: subject, rebuild(without), code: "missing_field", field: here, mentions: [here]))
                }
                cases.append(BadInput("\(name): \(here) of the wrong type", subject: subject, with(field.wrongType), code: "invalid_field", field: here, mentions: ["expected"]))
                for (label, bad, mention) in Self.badValues(field.kind) {
                    cases.append(BadInput("\(name): \(here) \(label)", subject: subject, with(bad), code: "invalid_field", field: here, mentions: [mention]))
                }
                if case .object(let members) = field.value {
                    walk(members, path: here) { changedMembers in
                        var changed = fields
                        changed[index].value = .object(changedMembers)
                        return rebuild(changed)
                    }
                }
            }
        }
        walk(fields, path: tag ?? "") { wrap(TemplateField.render($0)) }
        return cases
    }

    /// The bad values of a kind: a label, the JSON, and a text the message must contain.
    static func badValues(_ kind: TemplateField.Kind) -> [(String, String, String)] {
        switch kind {
        case .plain:
            return []
        case .uuid:
            return [
                ("not a UUID", "\"nope\"", "UUID"), ("an empty UUID", "\"\"", "UUID"),
                ("a UUID with a non-hex digit", "\"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5z\"", "UUID"),
                ("a UUID one digit too long", "\"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b0\"", "UUID"),
                ("a UUID without hyphens", "\"0193a1b2c3d47e5f8a9b0c1d2e3f4a5b\"", "UUID"),
            ]
        case .timestamp:
            return [
                ("not a timestamp", "\"yesterday\"", "RFC 3339"), ("a timestamp without an offset", "\"2025-11-09T19:00:00\"", "RFC 3339"),
                ("a timestamp in month 13", "\"2025-13-09T19:00:00Z\"", "RFC 3339"), ("a date for a timestamp", "\"2025-11-09\"", "RFC 3339"),
            ]
        case .date:
            return [
                ("a date in month 13", "\"1815-13-10\"", "date"), ("February 30th", "\"1815-02-30\"", "date"),
                ("a date in another format", "\"10/12/1815\"", "date"), ("a timestamp for a date", "\"1815-12-10T00:00:00Z\"", "date"),
            ]
        case .variant(let names):
            // Names are matched exactly: the first one in the other case is unknown too.
            let otherCase = names[0].lowercased() == names[0] ? names[0].uppercased() : names[0].lowercased()
            return [("an unknown variant", "\"Klingon\"", "unknown variant Klingon"), ("a variant in another case", "\"\(otherCase)\"", "unknown variant \(otherCase)")]
        case .integer(let outOfRange):
            return outOfRange.map { ("out of range (\($0))", $0, "expected an integer") } + [("a fraction", "1.5", "expected an integer")]
        case .finite:
            return [("a number too large for a double", "1e999", "out of range")]
        }
    }
}

/// What every domain must refuse the same way, whatever its commands: payloads that are no
/// command at all. `valid` is a valid command's JSON on `subject`.
enum CommonBadInput {
    static func cases(subject: String, valid: String) -> [BadInput] {
        let bytes = Array(valid.utf8)
        // A string value's first byte replaced by 0xFF: not UTF-8 (the JSON is otherwise intact).
        let quote = bytes.indices.dropLast().first { bytes[$0] == UInt8(ascii: ":") && bytes[$0 + 1] == UInt8(ascii: "\"") && bytes[$0 + 2] != UInt8(ascii: "\"") }!
        var invalidUTF8 = bytes
        invalidUTF8[quote + 2] = 0xFF
        var overlong = bytes
        overlong.replaceSubrange((quote + 2)...(quote + 2), with: [0xC0, 0xAF])
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        return [
            BadInput("not JSON", subject: subject, "hello there", code: "malformed_json", mentions: ["not JSON"]),
            BadInput("an empty payload", subject: subject, "", code: "malformed_json", mentions: ["not JSON", "end of the input"]),
            BadInput("only whitespace", subject: subject, " \r\n\t ", code: "malformed_json", mentions: ["not JSON"]),
            BadInput("JSON null", subject: subject, "null", code: "malformed_json", mentions: ["null"]),
            BadInput("a JSON number", subject: subject, "42", code: "malformed_json", mentions: ["number"]),
            BadInput("a JSON string", subject: subject, "\"CreatePerson\"", code: "malformed_json", mentions: ["string"]),
            BadInput("a JSON array", subject: subject, "[\(valid)]", code: "malformed_json", mentions: ["array"]),
            BadInput("JSON true", subject: subject, "true", code: "malformed_json", mentions: ["found"]),
            BadInput("truncated JSON", subject: subject, String(valid.prefix(valid.count / 2)), code: "malformed_json", mentions: ["not JSON"]),
            BadInput("truncated by one byte", subject: subject, String(valid.dropLast()), code: "malformed_json", mentions: ["not JSON", "end of the input"]),
            BadInput("trailing garbage", subject: subject, valid + " x", code: "malformed_json", mentions: ["not JSON", "end of the input"]),
            BadInput("two JSON values", subject: subject, valid + valid, code: "malformed_json", mentions: ["not JSON"]),
            BadInput("invalid UTF-8 in a string", subject: subject, payload: invalidUTF8, code: "malformed_json", mentions: ["UTF-8"]),
            BadInput("overlong UTF-8 in a string", subject: subject, payload: overlong, code: "malformed_json", mentions: ["UTF-8"]),
            BadInput("a raw control character in a string", subject: subject, valid.replacing(":\"", with: ":\"\u{01}", maxReplacements: 1), code: "malformed_json", mentions: ["control character"]),
            BadInput("a bad escape in a string", subject: subject, valid.replacing(":\"", with: ":\"\\q", maxReplacements: 1), code: "malformed_json", mentions: ["escape"]),
            BadInput("a lone surrogate escape", subject: subject, valid.replacing(":\"", with: ":\"\\udc00", maxReplacements: 1), code: "malformed_json", mentions: ["surrogate"]),
            BadInput("a duplicate key", subject: subject, "{\"a\":1,\"a\":2}", code: "malformed_json", mentions: ["duplicate key"]),
            BadInput("single quotes", subject: subject, valid.replacing("\"", with: "'"), code: "malformed_json", mentions: ["not JSON"]),
            BadInput("a trailing comma", subject: subject, String(valid.dropLast()) + ",}", code: "malformed_json", mentions: ["not JSON"]),
            BadInput("a comment", subject: subject, "/* a command */ " + valid, code: "malformed_json", mentions: ["not JSON"]),
            BadInput("NaN", subject: subject, "NaN", code: "malformed_json", mentions: ["not JSON"]),
            BadInput("nesting 200 arrays deep", subject: subject, deep, code: "malformed_json", mentions: ["nesting deeper"]),
            BadInput("nesting 200 objects deep", subject: subject, String(repeating: "{\"a\":", count: 200) + "1" + String(repeating: "}", count: 200),
                     code: "malformed_json", mentions: ["nesting deeper"]),
            BadInput("a byte-order mark", subject: subject, payload: [0xEF, 0xBB, 0xBF] + bytes, code: "malformed_json", mentions: ["not JSON"]),
            BadInput("a NUL byte", subject: subject, payload: bytes + [0], code: "malformed_json", mentions: ["not JSON"]),
        ]
    }

    /// A valid command padded with an unknown field to `size` bytes: over the runtime's
    /// `maxCommandBytes` it is refused before it is read.
    static func padded(_ valid: String, to size: Int) -> String {
        let filler = String(repeating: "x", count: max(0, size - valid.utf8.count - 12))
        return "{\"padding\":\"\(filler)\"," + valid.dropFirst()
    }
}
