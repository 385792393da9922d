import Foundation

/// What `cim-bench service` sends to a domain: a command that creates an aggregate, then updates
/// that each store one event, each on its subject, and how a success reply reads.
struct ServiceWorkload: Sendable {
    enum Domain: String, CaseIterable, Sendable {
        case person, location, agent, policy
    }

    let domain: Domain

    /// The seeds' stream of the domain.
    var stream: String { "\(domain.rawValue.uppercased())_EVENTS" }

    /// Where the domain's events are stored: `<prefix>.<id>.<event>`.
    var eventPrefix: String {
        switch domain {
        case .person, .agent: "\(domain.rawValue).events"
        case .location, .policy: "events.\(domain.rawValue)"
        }
    }

    /// Step 0 creates aggregate `id`; step n > 0 is its n-th update (alternating values, so that
    /// none is a no-op). Each stores one event: the reply's version is `step + 1`.
    func command(step: Int, id: String) -> (subject: String, json: String) {
        switch domain {
        case .person:
            return step == 0
                ? ("person.commands.x", #"{"CreatePerson":{"person_id":{"id":"\#(id)"},"name":\#(Self.names[0]),"source":"bench"}}"#)
                : ("person.commands.x", #"{"UpdateName":{"person_id":{"id":"\#(id)"},"name":\#(Self.names[step % 2]),"reason":"bench"}}"#)
        case .location:
            return step == 0
                ? ("location.commands.define", #"{"location_id":"\#(id)","name":"Site 0","location_type":"Physical","address":{"street":"1 Main St","locality":"Springfield","region":"IL","country":"US","postal_code":"62701"}}"#)
                : ("location.commands.update", #"{"location_id":"\#(id)","name":"Site \#(step)","reason":"bench"}"#)
        case .agent:
            return step == 0
                ? ("agent.commands.deploy", #"{"type":"DeployAgent","agent_id":"\#(id)","person_id":"\#(id)","name":"bench"}"#)
                : ("agent.commands.configure_model", #"{"type":"ConfigureModel","agent_id":"\#(id)","config":{"provider":"mock","model_name":"mock-\#(step)","temperature":0.7,"top_p":1.0,"max_tokens":256,"frequency_penalty":0.0,"presence_penalty":0.0}}"#)
        case .policy:
            return step == 0
                ? ("policy.commands.create", #"{"policy_id":"\#(id)","name":"Bench","policy_type":"Retention","enforcement":"Mandatory","scope":"Organization"}"#)
                : ("policy.commands.update", #"{"policy_id":"\#(id)","description":"revision \#(step)"}"#)
        }
    }

    static let names = [
        #"{"components":{"given_names":["Ada"],"family_names":["Lovelace"],"patronymic":null,"matronymic":null,"prefixes":[],"suffixes":[]},"preferred_form":null,"naming_convention":"Western"}"#,
        #"{"components":{"given_names":["Augusta","Ada"],"family_names":["King"],"patronymic":null,"matronymic":null,"prefixes":["Countess"],"suffixes":[]},"preferred_form":null,"naming_convention":"Western"}"#,
    ]

    /// `ok` for a success reply at `expectedVersion` (Person's also says one event); the error
    /// code for an error reply; `wrong_reply` otherwise. A byte search, not a JSON parse: the load
    /// generator shares the machine with the service.
    func classify(_ text: String, expectedVersion: Int) -> String {
        if text.hasPrefix(#"{"error":"#) {
            guard let start = text.range(of: #""code":""#)?.upperBound, let end = text[start...].firstIndex(of: "\"") else { return "wrong_reply" }
            return String(text[start..<end])
        }
        let ok = text.contains(#""version":\#(expectedVersion)}"#) || text.contains(#""version":\#(expectedVersion),"#)
        guard ok else { return "wrong_reply" }
        return domain != .person || text.contains(#""events_generated":1"#) ? "ok" : "wrong_reply"
    }
}
