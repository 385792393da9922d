import Aggregates

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

/// Stops the fuzzer with `message`: libFuzzer reports the crash and writes the input to its artifacts.
func invariantBroken(_ message: String) -> Never {
    fatalError("invariant broken: \(message)")
}
