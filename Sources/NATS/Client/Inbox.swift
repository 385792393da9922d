/// Random tokens for inbox subjects (22 characters of base62, like a NUID).
enum Inbox {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    static func token(using random: inout some RandomNumberGenerator, length: Int = 22) -> String {
        String(decoding: (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }, as: UTF8.self)
    }

    /// A new unique inbox subject under `prefix`.
    static func make(prefix: String = "_INBOX") -> String {
        var random = SystemRandomNumberGenerator()
        return "\(prefix).\(token(using: &random))"
    }
}
