import FuzzSupport

/// A fuzz input read as a domain and the commands sent to it.
///
/// Byte 0 picks the domain (`byte % 4`). The rest is split at 0x00 bytes into at most
/// `maxCommands` commands; each command's first byte picks the subject's last token from the
/// domain's verbs plus one that names no command (`byte % (verbs + 1)`), and the bytes after it
/// are the payload.
struct FuzzScript {
    enum Domain: CaseIterable {
        case person, agent, location, policy
    }

    struct Command {
        let subject: String
        let payload: UnsafeRawBufferPointer
    }

    /// More commands reach deeper states, but slow every run down; eight reach every status.
    static let maxCommands = 8

    let domain: Domain
    let commands: [Command]

    /// `nil` for an input too short to name a domain and a command.
    init?(_ input: UnsafeRawBufferPointer) {
        guard input.count >= 2 else { return nil }
        let domain = Domain.allCases[Int(input[0]) % Domain.allCases.count]
        let commands = records(of: input, from: 1, limit: Self.maxCommands).map { record in
            Command(subject: domain.subject(selector: record[0]), payload: UnsafeRawBufferPointer(rebasing: record[1...]))
        }
        guard !commands.isEmpty else { return nil }
        self.domain = domain
        self.commands = commands
    }
}

extension FuzzScript.Domain {
    /// The subject's last tokens the domain's codec knows, as the services subscribe to them.
    var verbs: [String] {
        switch self {
        // Person reads the command from the payload's tag; the subject is not used.
        case .person: ["create"]
        // Agent takes `"type"` from the payload, or else the subject's alias.
        case .agent: ["deploy", "configure_model", "activate", "suspend", "decommission", "send_message"]
        case .location: ["define", "update", "set_parent", "remove_parent", "add_metadata", "archive"]
        case .policy:
            [
                "create", "update", "submit", "reject", "approve", "activate", "suspend", "revoke", "archive", "create_set", "add_to_set",
                "remove_from_set", "grant_exemption", "revoke_exemption", "evaluate", "check_compliance",
            ]
        }
    }

    var prefix: String {
        switch self {
        case .person: "person.commands"
        case .agent: "agent.commands"
        case .location: "location.commands"
        case .policy: "policy.commands"
        }
    }

    /// `<prefix>.<verb>`, or a last token that names no command.
    func subject(selector: UInt8) -> String {
        let verbs = verbs
        let index = Int(selector) % (verbs.count + 1)
        return "\(prefix).\(index < verbs.count ? verbs[index] : "unknown")"
    }
}
