import Aggregates
import FuzzSupport

/// A fuzz input read as Policy commands and queries, in order.
///
/// The input is split at 0x00 bytes into at most `maxSteps` steps (as the command fuzzer splits
/// its commands). A step's first byte picks its action (`byte % actions.count`):
/// - a Policy command: the rest is the payload sent on `policy.commands.<verb>`;
/// - a query: `evaluate`, `check_compliance`, or `unknown` (a verb the catalog must refuse). The
///   rest is an optional first line holding the RFC 3339 time the query is answered at, then the
///   payload. Without that line (or when it is no time) the query is answered at the commands'
///   `issuedAt`.
struct QueryScript {
    enum Action {
        case command(subject: String)
        case query(verb: String)
    }

    enum Step {
        case command(subject: String, payload: UnsafeRawBufferPointer)
        case query(verb: String, at: Timestamp, payload: UnsafeRawBufferPointer)
    }

    /// The seeds' world (three policies made Active, a set, a member added and an exemption)
    /// takes 14 commands; 20 steps leave room for queries between and after them.
    static let maxSteps = 20

    /// Every Policy command, then the catalog's query verbs and one it does not answer.
    static let actions: [Action] =
        PolicyCommand.verbs.map { Action.command(subject: "policy.commands.\($0)") } + (PolicyCatalog.queryVerbs + ["unknown"]).map { Action.query(verb: $0) }

    /// A query's time line is at most this long (the longest RFC 3339 text has an 11-digit year,
    /// nine fractional digits and an offset); a longer first line is payload.
    static let maxTimeLine = 48

    let steps: [Step]

    init(_ input: UnsafeRawBufferPointer) {
        steps = records(of: input, from: 0, limit: Self.maxSteps).map { record in
            let rest = UnsafeRawBufferPointer(rebasing: record[1...])
            switch Self.actions[Int(record[0]) % Self.actions.count] {
            case .command(let subject):
                return .command(subject: subject, payload: rest)
            case .query(let verb):
                let (at, payload) = Self.time(in: rest)
                return .query(verb: verb, at: at, payload: payload)
            }
        }
    }

    /// The time on the first line of a query and the payload after it, or the commands' time and
    /// the whole text.
    static func time(in text: UnsafeRawBufferPointer) -> (Timestamp, UnsafeRawBufferPointer) {
        guard let newline = text.prefix(Self.maxTimeLine + 1).firstIndex(of: UInt8(ascii: "\n")),
            let at = Timestamp(rfc3339: String(decoding: text[..<newline], as: UTF8.self))
        else { return (FuzzSession<PolicyCodec>.metadata.issuedAt, text) }
        return (at, UnsafeRawBufferPointer(rebasing: text[(newline + 1)...]))
    }
}
