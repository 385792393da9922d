/// What `cim-bench service` sends to one domain: a command that creates an aggregate and an
/// update that stores one event on it, each on the domain's subject, and how a reply reads.
package struct DomainWorkload: Sendable {
    package enum Domain: String, CaseIterable, Sendable, Codable {
        case person, location, agent, policy
    }

    package let domain: Domain
    /// Commands are padded (in a free-text field) to at least this many bytes; 0: as they are.
    package let payloadBytes: Int

    package init(domain: Domain, payloadBytes: Int = 0) {
        self.domain = domain
        self.payloadBytes = payloadBytes
    }

    /// The seeds' stream of the domain.
    package var stream: String { "\(domain.rawValue.uppercased())_EVENTS" }

    /// Where the domain's events are stored: `<prefix>.<id>.<event>`.
    package var eventPrefix: String {
        switch domain {
        case .person, .agent: "\(domain.rawValue).events"
        case .location, .policy: "events.\(domain.rawValue)"
        }
    }

    /// The command that creates aggregate `id` (its reply's version is 1).
    package func create(id: String) -> (subject: String, json: String) {
        switch domain {
        case .person:
            ("person.commands.x", #"{"CreatePerson":{"person_id":{"id":"\#(id)"},"name":\#(Self.name(0)),"source":"bench"}}"#)
        case .location:
            ("location.commands.define", #"{"location_id":"\#(id)","name":"Site 0","location_type":"Physical","address":{"street":"1 Main St","locality":"Springfield","region":"IL","country":"US","postal_code":"62701"}}"#)
        case .agent:
            ("agent.commands.deploy", #"{"type":"DeployAgent","agent_id":"\#(id)","person_id":"\#(id)","name":"bench"}"#)
        case .policy:
            ("policy.commands.create", #"{"policy_id":"\#(id)","name":"Bench","policy_type":"Retention","enforcement":"Mandatory","scope":"Organization"}"#)
        }
    }

    /// An update of aggregate `id` that stores one event; `variant` (a number no other command of
    /// the run uses for this aggregate) goes into the new value, so that no update repeats the
    /// state, which a domain answers as a no-op.
    package func update(id: String, variant: Int) -> (subject: String, json: String) {
        let build = { (padding: String) -> (String, String) in
            switch domain {
            case .person:
                ("person.commands.x", #"{"UpdateName":{"person_id":{"id":"\#(id)"},"name":\#(Self.name(variant)),"reason":"bench\#(padding)"}}"#)
            case .location:
                ("location.commands.update", #"{"location_id":"\#(id)","name":"Site \#(variant)","reason":"bench\#(padding)"}"#)
            case .agent:
                ("agent.commands.configure_model", #"{"type":"ConfigureModel","agent_id":"\#(id)","config":{"provider":"mock","model_name":"mock-\#(variant)\#(padding)","temperature":0.7,"top_p":1.0,"max_tokens":256,"frequency_penalty":0.0,"presence_penalty":0.0}}"#)
            case .policy:
                ("policy.commands.update", #"{"policy_id":"\#(id)","description":"revision \#(variant)\#(padding)"}"#)
            }
        }
        let plain = build("")
        guard payloadBytes > plain.1.utf8.count else { return plain }
        return build(String(repeating: "x", count: payloadBytes - plain.1.utf8.count))
    }

    /// A PersonName whose given name carries `variant`.
    static func name(_ variant: Int) -> String {
        #"{"components":{"given_names":["Ada\#(variant)"],"family_names":["Lovelace"],"patronymic":null,"matronymic":null,"prefixes":[],"suffixes":[]},"preferred_form":null,"naming_convention":"Western"}"#
    }

    /// What a reply says.
    package enum Outcome: Sendable, Equatable {
        /// The success shape, with the version the aggregate reached.
        case stored(version: Int)
        /// `{"error":{"code":…}}`.
        case refused(code: String)
        /// Neither: a reply the contract does not have.
        case malformed
    }

    /// Reads a reply: a byte search, not a JSON parse (the load generator shares the machine with
    /// the service). Person's success shape must also say one event was generated.
    package func classify(_ reply: some Collection<UInt8>) -> Outcome {
        let bytes = Array(reply)
        if bytes.starts(with: Self.errorPrefix) {
            guard let start = Self.find(Self.codeKey, in: bytes), let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { return .malformed }
            return .refused(code: String(decoding: bytes[start..<end], as: UTF8.self))
        }
        guard let start = Self.find(Self.versionKey, in: bytes) else { return .malformed }
        var version = 0
        var index = start
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9"), version < 1 << 40 {
            version = version * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index > start, version >= 1, index < bytes.count, bytes[index] == UInt8(ascii: ",") || bytes[index] == UInt8(ascii: "}") else { return .malformed }
        if domain == .person, Self.find(Self.oneEvent, in: bytes) == nil { return .malformed }
        return .stored(version: version)
    }

    private static let errorPrefix = Array(#"{"error":"#.utf8)
    private static let codeKey = Array(#""code":""#.utf8)
    private static let versionKey = Array(#""version":"#.utf8)
    private static let oneEvent = Array(#""events_generated":1"#.utf8)

    /// The index just after the first occurrence of `needle` in `bytes`.
    private static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) { return index + needle.count }
            index += 1
        }
        return nil
    }
}
