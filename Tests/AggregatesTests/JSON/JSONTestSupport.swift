import Aggregates

/// Parses bytes, returning the error instead of throwing it.
func parseJSON(_ bytes: [UInt8]) -> Result<JSONValue, JSONParseError> {
    bytes.withUnsafeBytes { raw in Result { () throws(JSONParseError) in try JSONValue(parsing: raw) } }
}

/// Parses the UTF-8 of `text`.
func parseJSON(_ text: String) -> Result<JSONValue, JSONParseError> {
    parseJSON(Array(text.utf8))
}

extension Result where Failure == JSONParseError {
    var error: JSONParseError? {
        if case .failure(let error) = self { return error }
        return nil
    }

    var value: Success? { try? get() }
}

/// The text a writer body produces.
func written(_ body: (inout JSONWriter) -> Void) -> String {
    var buffer: [UInt8] = []
    JSONWriter.append(to: &buffer, body)
    return String(decoding: buffer, as: UTF8.self)
}
