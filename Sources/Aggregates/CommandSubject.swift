/// What a domain reads from a command's subject.
public enum CommandSubject {
    /// The subject's last token, e.g. `define` in `location.commands.define` (all of it when it
    /// has no dot): the verb of domains with one subject per command.
    public static func verb(of subject: String) -> String {
        guard let dot = subject.utf8.lastIndex(of: UInt8(ascii: ".")) else { return subject }
        return String(subject[subject.utf8.index(after: dot)...])
    }

    /// The verb of `<domain>.commands.<verb>`, or `nil` when the subject has another shape (a
    /// token more or less, another prefix): a domain whose verb names the command accepts
    /// nothing else, so `location.commands.extra.define` is not a `define`.
    public static func verb(of subject: String, domain: String) -> String? {
        let prefix = domain + ".commands."
        guard subject.utf8.count > prefix.utf8.count, subject.hasPrefix(prefix) else { return nil }
        let verb = String(subject.utf8.dropFirst(prefix.utf8.count))!
        guard !verb.utf8.contains(UInt8(ascii: ".")) else { return nil }
        return verb
    }
}
