/// What a domain reads from a command's subject.
public enum CommandSubject {
    /// The subject's last token, e.g. `define` in `location.commands.define` (all of it when it
    /// has no dot): the verb of domains with one subject per command.
    public static func verb(of subject: String) -> String {
        guard let dot = subject.utf8.lastIndex(of: UInt8(ascii: ".")) else { return subject }
        return String(subject[subject.utf8.index(after: dot)...])
    }
}
