import NATS

/// A service executable the auth matrix runs, with what a test needs to know about it: its NATS
/// subjects (as `deployment/nats/accounts.conf` lists them), one command that creates an aggregate,
/// and where the event it stores lands.
struct ServiceUnderTest: Sendable, CustomStringConvertible {
    /// The executable, which is also its NATS user's name and its default queue group.
    var name: String
    /// Its events stream.
    var stream: String
    /// Where its commands arrive (the subscriptions it needs).
    var commands: String
    /// The first tokens of its events' subjects (`<events>.<id>.<event>`, the stream's `<events>.>`).
    var events: String
    /// Its key-value buckets: the snapshots, and the Agent's open replies.
    var buckets: [String]
    /// The verb subject and JSON of a command that creates the aggregate `id`.
    var create: @Sendable (_ id: String) -> (subject: String, json: String)
    /// The last token of the subject of the event `create` stores.
    var created: String

    var description: String { name }

    /// Its private reply inbox: the services' default `NATS_INBOX_PREFIX`, `_INBOX_<service>`.
    var inbox: String { "_INBOX_\(name)" }

    static let person = ServiceUnderTest(
        name: "person-service", stream: "PERSON_EVENTS", commands: "person.commands.>", events: "person.events", buckets: ["PERSON_EVENTS_SNAPSHOTS"],
        create: { ("person.commands.create", PersonJSON.create($0)) }, created: "created")
    static let agent = ServiceUnderTest(
        name: "agent-service", stream: "AGENT_EVENTS", commands: "agent.commands.>", events: "agent.events",
        buckets: ["AGENT_EVENTS_SNAPSHOTS", "AGENT_EVENTS_OPEN_WORK"],
        create: { ("agent.commands.deploy", AgentCatalogue.deploy($0)) }, created: "deployed")
    static let location = ServiceUnderTest(
        name: "location-service", stream: "LOCATION_EVENTS", commands: "location.commands.>", events: "events.location",
        buckets: ["LOCATION_EVENTS_SNAPSHOTS"], create: { ("location.commands.define", LocationRuntimeTests.define($0, name: "Depot")) },
        created: "defined")
    static let policy = ServiceUnderTest(
        name: "policy-service", stream: "POLICY_EVENTS", commands: "policy.commands.>", events: "events.policy", buckets: ["POLICY_EVENTS_SNAPSHOTS"],
        create: {
            ("policy.commands.create", #"{"policy_id":"\#($0)","name":"Keep 7","policy_type":"Retention","enforcement":"Mandatory","scope":"Organization"}"#)
        }, created: "created")

    static let all = [person, agent, location, policy]

    /// What its NATS user may do, least privilege after `deployment/nats/accounts.conf` (the
    /// JetStream API left open: the matrix is about logging in, `NATSConfigurationTests` runs the
    /// deployment's own grants): publish its events, its buckets' entries and answers; subscribe to
    /// its commands, its own inbox (not `_INBOX.>`) and the service API.
    var permissions: String {
        let publish = ["\(events).>"] + buckets.map { "$KV.\($0).>" } + ["$JS.API.>", "$JS.ACK.\(stream).>", "_INBOX.>"]
        let subscribe = [commands, "\(inbox).>", "$SRV.>"]
        func list(_ subjects: [String]) -> String { subjects.map { "\"\($0)\"" }.joined(separator: ", ") }
        return "{ publish: { allow: [\(list(publish))] }, subscribe: { allow: [\(list(subscribe))] }, allow_responses: true }"
    }

    /// The subjects of the events stored for the aggregate `id`, in order.
    func storedSubjects(_ js: JetStream, _ id: String) async throws -> [String] {
        try await js.messages(stream: stream, subject: "\(events).\(id).>").reduce(into: [String]()) { $0.append($1.subject) }
    }
}
