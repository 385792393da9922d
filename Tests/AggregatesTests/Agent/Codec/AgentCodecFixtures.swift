import Aggregates
import Testing

/// The codec, fixed metadata, the reference's examples, and helpers that go through bytes like the runtime.
enum AgentCodecFixture {
    typealias A = AgentFixture

    static let codec = AgentCodec()
    static let metadata = CommandMetadata(commandID: "cmd-1", correlationID: "conv-1", issuedAt: A.t0)
    static let sage = A.sage.text
    static let ada = A.ada.text
    static let m1 = A.m1.text

    /// The reference's ConfigureModel `config`, as the codec writes `A.llama`.
    static let llamaJSON = #"{"provider":"ollama","model_name":"llama2","api_endpoint":"http://localhost:11434","temperature":0.7,"top_p":1.0,"#
        + #""max_tokens":4096,"frequency_penalty":0.0,"presence_penalty":0.0,"stop_sequences":[],"system_prompt":""}"#

    /// The reference's six command examples (§3), with real ids.
    static let deployExample = #"{"type":"DeployAgent","agent_id":"\#(sage)","person_id":"\#(ada)","name":"sage","description":"opt"}"#
    static let configureExample = #"{"type":"ConfigureModel","agent_id":"\#(sage)","config":\#(llamaJSON)}"#
    static let activateExample = #"{"type":"ActivateAgent","agent_id":"\#(sage)"}"#
    static let suspendExample = #"{"type":"SuspendAgent","agent_id":"\#(sage)","reason":"maintenance"}"#
    static let decommissionExample = #"{"type":"DecommissionAgent","agent_id":"\#(sage)","reason":"opt"}"#
    static let sendExample = #"{"type":"SendMessage","agent_id":"\#(sage)","message_id":"\#(m1)","content":"hi","context":[{"role":"user","content":"…"}]}"#

    static func decode(_ json: String, subject: String = "agent.commands.request") -> Result<Issued<AgentCommand>, CommandDecodingError> {
        Array(json.utf8).withUnsafeBytes { bytes in
            Result { () throws(CommandDecodingError) in try codec.decodeCommand(subject: subject, payload: bytes, metadata: metadata) }
        }
    }

    /// The body of the decoded command, or `nil`.
    static func command(_ json: String, subject: String = "agent.commands.request") -> AgentCommand? {
        try? decode(json, subject: subject).get().body
    }

    /// The decoding error, or `nil` when it decoded.
    static func failure(_ json: String, subject: String = "agent.commands.request") -> CommandDecodingError? {
        if case .failure(let error) = decode(json, subject: subject) { return error }
        return nil
    }

    static func envelope(_ event: AgentEvent, sequence: Int = 1) -> EventEnvelope<AgentID, AgentEvent> {
        EventEnvelope(aggregateID: event.agentID, sequence: sequence, event: event, timestamp: A.t0, correlationID: "conv-1", causationID: "cmd-1")
    }

    static func encoded(_ envelope: EventEnvelope<AgentID, AgentEvent>) -> String {
        var buffer: [UInt8] = []
        codec.encodeEvent(envelope, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The `event` member of the stored envelope.
    static func eventJSON(_ event: AgentEvent) -> String {
        let text = encoded(envelope(event))
        let start = text.firstRange(of: #","event":"#)!.upperBound
        let end = text.firstRange(of: #","timestamp":"#)!.lowerBound
        return String(text[start..<end])
    }

    static func decodeEvent(_ json: String) -> Result<EventEnvelope<AgentID, AgentEvent>, CommandDecodingError> {
        Array(json.utf8).withUnsafeBytes { bytes in Result { () throws(CommandDecodingError) in try codec.decodeEvent(bytes) } }
    }

    static func encodedState(_ state: Agent) -> String {
        var buffer: [UInt8] = []
        codec.encodeState(state, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    static func decodeState(_ json: String) -> Result<Agent, CommandDecodingError> {
        Array(json.utf8).withUnsafeBytes { bytes in Result { () throws(CommandDecodingError) in try codec.decodeState(bytes) } }
    }

    /// One of each event, with every optional part present somewhere and absent somewhere.
    static let everyEvent: [AgentEvent] = [
        A.deployed,
        .agentDeployed(agentID: A.sage, personID: A.ada, name: "sage", description: nil, deployedAt: A.at(0, nanoseconds: 120_000_000)),
        A.configured,
        .modelConfigured(agentID: A.sage, configuration: A.mock, configuredAt: A.at(1, nanoseconds: 123_456_789)),
        A.activated,
        A.suspended,
        A.decommissioned,
        .agentDecommissioned(agentID: A.sage, reason: "retired", decommissionedAt: A.at(4)),
        A.sent(A.m1, "hello \"world\"\n"),
        A.chunk(A.m1, 0, "[Mock] "),
        A.chunk(A.m1, 1, "world", final: true),
        .responseCompleted(agentID: A.sage, completion: A.completion(A.m1, chunks: 2), completedAt: A.at(30)),
        .responseFailed(agentID: A.sage, failure: A.failure(A.m1), failedAt: A.at(31)),
    ]
}
