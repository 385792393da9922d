import Aggregates
import FuzzSupport

/// One fuzz input: a domain and up to `FuzzScript.maxCommands` commands for it, each decoded the
/// way the runtime's intake decodes a request (`DomainCodec.decodeCommand` with the subject and
/// the payload bytes), then decided, stored and replayed by `FuzzSession`, which checks the
/// invariants and stops the process on the first broken one.
///
/// Input layout (see `FuzzScript`): byte 0 picks the domain; the rest is split at 0x00 bytes (a
/// byte no JSON text holds) into commands, each a subject byte then the payload.
func fuzzCommandDecoders(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    guard let script = FuzzScript(input) else { return 0 }
    switch script.domain {
    case .person: FuzzSession.run(script, codec: PersonCodec())
    case .agent: FuzzSession.run(script, codec: AgentCodec())
    case .location: FuzzSession.run(script, codec: LocationCodec())
    case .policy: FuzzSession.run(script, codec: PolicyCodec())
    }
    return 0
}

extension FuzzSession {
    /// Sends the script's commands, in order, to a fresh store.
    static func run(_ script: FuzzScript, codec: Codec) {
        var session = FuzzSession(codec: codec)
        for command in script.commands {
            session.send(subject: command.subject, payload: command.payload)
        }
    }
}
