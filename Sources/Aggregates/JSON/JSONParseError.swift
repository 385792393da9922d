/// Bytes that are not one RFC 8259 JSON text: where the parser stopped, and why.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The byte offset in the input where the problem was found.
    public let offset: Int
    /// A sentence saying what was expected or found.
    public let message: String

    /// An error at byte `offset`.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "byte \(offset): \(message)" }
}
