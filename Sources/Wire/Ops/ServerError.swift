/// The text of a `-ERR` line, with its surrounding single quotes removed.
public struct ServerError: Sendable, Hashable, CustomStringConvertible {
    /// The text as the server sent it, unquoted (e.g. `Authorization Violation`).
    public var text: String

    public init(text: String) { self.text = text }

    public var description: String { text }
}
