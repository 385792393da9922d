/// Agent: commands tagged by `"type"` on `agent.commands.>` (without `"type"` the subject's last
/// token names the command), plus the original's per-agent subject `agent.*.*.<id>.command.>`,
/// which names the agent in the subject.
enum AgentCatalogue {
    /// Not a verb alias: `"type"` is required here.
    static let subject = "agent.commands.request"
    static let agent = "0b7e4c52-1d3a-4f6e-9a8b-7c6d5e4f3a2b"
    /// Deployed in the setup; the rules' cases act on it.
    static let deployed = "0b7e4c52-0000-4f6e-9a8b-7c6d5e4f3a2b"
    static let unknown = "0b7e4c52-ffff-4f6e-9a8b-7c6d5e4f3a2b"
    static let person = "550e8400-e29b-41d4-a716-446655440000"
    static let message = "2c9d8e7f-6a5b-4c3d-8e1f-0a9b8c7d6e5f"
    /// The per-agent subjects of `deployed` (AGENT_ID).
    static let perAgentSubjects = ["agent.*.*.\(deployed).command.>"]

    static func template(_ type: String, _ fields: [TemplateField]) -> CommandTemplate {
        CommandTemplate(name: type, subject: subject, tag: nil, fields: [.required("type", "\"\(type)\""), .required("agent_id", "\"\(agent)\"", .uuid)] + fields)
    }

    static let config = TemplateField.object("config", [
        .required("provider", #""mock""#, .variant(["openai", "anthropic", "ollama", "mock"])),
        .required("model_name", #""mock-1""#), .optional("api_endpoint", #""http://127.0.0.1:11434""#),
        .required("temperature", "0.7", .finite), .required("top_p", "1.0", .finite),
        .required("max_tokens", "4096", .integer(outOfRange: ["-1", "4294967296", "1e30"])),
        .required("frequency_penalty", "0.0", .finite), .required("presence_penalty", "0.0", .finite),
        .optional("stop_sequences", #"["END"]"#), .optional("system_prompt", #""be brief""#),
    ])

    static let templates = [
        template("DeployAgent", [.required("person_id", "\"\(person)\"", .uuid), .required("name", #""sage""#), .optional("description", #""helpful""#)]),
        template("ConfigureModel", [config]),
        template("ActivateAgent", []),
        template("SuspendAgent", [.required("reason", #""maintenance""#)]),
        template("DecommissionAgent", [.optional("reason", #""retired""#)]),
        template("SendMessage", [.required("message_id", "\"\(message)\"", .uuid), .required("content", #""hello""#)]),
    ]

    static func deploy(_ id: String, name: String = "sage") -> String {
        #"{"type":"DeployAgent","agent_id":"\#(id)","person_id":"\#(person)","name":"\#(name)"}"#
    }

    static func configure(_ id: String, temperature: String = "0.7", topP: String = "1.0", model: String = "mock-1") -> String {
        #"{"type":"ConfigureModel","agent_id":"\#(id)","config":{"provider":"mock","model_name":"\#(model)","temperature":\#(temperature),"top_p":\#(topP),"max_tokens":256,"frequency_penalty":0.0,"presence_penalty":0.0}}"#
    }

    static var explicit: [BadInput] {
        let s = subject
        return [
            BadInput("an unknown command type", subject: s, #"{"type":"FlyAgent","agent_id":"\#(agent)"}"#, code: "unknown_command", field: "type", mentions: ["unknown command FlyAgent"]),
            BadInput("a command type in another case", subject: s, #"{"type":"deployagent","agent_id":"\#(agent)"}"#, code: "unknown_command", field: "type", mentions: ["deployagent"]),
            BadInput("an internal command type from the wire", subject: s, #"{"type":"ExpireResponse","agent_id":"\#(agent)","message_id":"\#(message)","idle_limit_seconds":1}"#,
                     code: "unknown_command", field: "type", mentions: ["ExpireResponse"]),
            BadInput("a type that disagrees with the subject's verb", subject: "agent.commands.suspend", #"{"type":"ActivateAgent","agent_id":"\#(agent)"}"#,
                     code: "invalid_field", field: "type", mentions: ["disagrees", "SuspendAgent"]),
            BadInput("no type and an unknown verb", subject: "agent.commands.fly", #"{"agent_id":"\#(agent)"}"#, code: "missing_field", field: "type", mentions: ["fly"]),
            BadInput("no type and a token after the verb", subject: "agent.commands.activate.now", #"{"agent_id":"\#(agent)"}"#, code: "missing_field", field: "type", mentions: ["now"]),
            BadInput("no type and the verb in another case", subject: "agent.commands.ACTIVATE", #"{"agent_id":"\#(agent)"}"#, code: "missing_field", field: "type", mentions: ["ACTIVATE"]),
            BadInput("a per-agent subject naming another agent than the body", subject: "agent.x.y.\(deployed).command.activate",
                     #"{"type":"ActivateAgent","agent_id":"\#(unknown)"}"#, code: "invalid_field", field: "agent_id", mentions: [deployed, unknown]),
            BadInput("a stop sequence that is a number", subject: s, configure(agent).replacing(#""max_tokens""#, with: #""stop_sequences":[1],"max_tokens""#),
                     code: "invalid_field", field: "config.stop_sequences[0]", mentions: ["expected a string"]),
            BadInput("a payload over the runtime's limit", subject: s, CommonBadInput.padded(deploy(agent), to: DomainCatalogue.maxCommandBytes + 1), code: "too_large",
                     mentions: ["at most \(DomainCatalogue.maxCommandBytes) bytes"]),
            // Refused by the rules: typed, nothing stored.
            BadInput("a blank agent name", subject: s, deploy(agent, name: " "), code: "invalid", field: "name", mentions: ["Agent name cannot be empty"]),
            BadInput("a second deploy of the same agent", subject: s, deploy(deployed), code: "already_exists", field: "agent_id", mentions: [deployed]),
            BadInput("a temperature out of range", subject: s, configure(deployed, temperature: "2.5"), code: "invalid", field: "config.temperature",
                     mentions: ["Temperature must be between 0.0 and 2.0, got 2.5"]),
            BadInput("a negative temperature", subject: s, configure(deployed, temperature: "-0.1"), code: "invalid", field: "config.temperature", mentions: ["Temperature"]),
            BadInput("a top-p out of range", subject: s, configure(deployed, topP: "1.5"), code: "invalid", field: "config.top_p", mentions: ["Top-p must be between 0.0 and 1.0"]),
            BadInput("a blank model name", subject: s, configure(deployed, model: ""), code: "invalid", field: "config.model_name", mentions: ["Model name cannot be empty"]),
            BadInput("activation without a model", subject: s, #"{"type":"ActivateAgent","agent_id":"\#(deployed)"}"#, code: "model_not_configured", mentions: ["model"]),
            BadInput("a message to an agent not active", subject: s, #"{"type":"SendMessage","agent_id":"\#(deployed)","message_id":"\#(message)","content":"hi"}"#,
                     code: "not_operational", mentions: ["not operational"]),
            BadInput("a blank suspension reason", subject: s, #"{"type":"SuspendAgent","agent_id":"\#(deployed)","reason":""}"#, code: "empty_reason", field: "reason",
                     mentions: ["Suspension reason cannot be empty"]),
            BadInput("a command for an agent never deployed", subject: s, #"{"type":"ActivateAgent","agent_id":"\#(unknown)"}"#, code: "not_found", field: "agent_id",
                     mentions: ["Agent not found: \(unknown)"]),
        ]
    }

    static let catalogue = DomainCatalogue(
        domain: "agent", stream: "AGENT_EVENTS", extraSubjects: perAgentSubjects,
        setup: [(subject, deploy(deployed))],
        cases: CommonBadInput.cases(subject: subject, valid: templates[0].json) + templates.flatMap(\.cases) + explicit,
        outside: ["agent.commands", "agent.command.deploy", "agent.x.y.\(unknown).command.activate", "agent.to.sage.x"],
        fresh: { (subject, deploy(UUIDs.make())) })
}
