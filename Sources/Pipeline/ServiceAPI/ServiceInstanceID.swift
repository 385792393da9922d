/// Instance ids for the service API: 22 characters of base62, the shape of a NATS NUID (about
/// 131 bits of randomness, so two instances never share one).
public enum ServiceInstanceID {
    /// The id's length.
    public static let length = 22
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// A new random id from the system's secure generator.
    public static func generate() -> String {
        var random = SystemRandomNumberGenerator()
        return generate(using: &random)
    }

    /// A new id from `random` (a seeded generator gives reproducible ids in tests).
    public static func generate(using random: inout some RandomNumberGenerator) -> String {
        String(decoding: (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }, as: UTF8.self)
    }

    /// True for an id usable as the last token of `$SRV.<verb>.<name>.<id>`: non-empty, ASCII
    /// letters, digits, `_` and `-` (generated ids always are).
    public static func isValid(_ id: String) -> Bool {
        ServiceAPIConfiguration.isValidName(id)
    }
}
