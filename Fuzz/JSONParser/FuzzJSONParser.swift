import Aggregates
import FuzzSupport

/// One fuzz input: the whole input is parsed as a JSON text. A refusal must point inside the
/// input; an accepted value must survive write → parse unchanged, and writing it again must give
/// the same bytes. The scalars the domains read from strings and numbers (RFC 3339 times and
/// dates, UUIDs, numbers as integers and doubles) are read and written back too.
func fuzzJSONParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let value: JSONValue
    do {
        value = try JSONValue(parsing: input)
    } catch {
        if !(0...size).contains(error.offset) || error.message.isEmpty {
            invariantBroken("a parse error outside the input of \(size) bytes, or without a message: \(error)")
        }
        return 0
    }
    let written = write(value)
    let reparsed = written.withUnsafeBytes { raw in Result { () throws(JSONParseError) in try JSONValue(parsing: raw) } }
    switch reparsed {
    case .success(let again):
        if again != value { invariantBroken("write → parse changed the value:\n\(value)\n\(again)") }
        if write(again) != written { invariantBroken("writing the re-parsed value gave other bytes") }
    case .failure(let error):
        invariantBroken("the writer's output does not parse (\(error)): \(String(decoding: written, as: UTF8.self))")
    }
    checkScalars(in: value)
    return 0
}

func write(_ value: JSONValue) -> [UInt8] {
    var writer = JSONWriter()
    writer.writeValue(value)
    return writer.bytes
}
