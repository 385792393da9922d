/// A Policy command as `decide` takes it: the body and metadata of the request, and what the
/// runtime read about the policies the command refers to (see `PolicyAggregate.prerequisite`).
///
/// The codec decodes requests with nothing read; a command that refers to a policy is refused
/// with `references_unavailable` until the runtime has filled `references` in.
public struct PolicyRequest: Hashable, Sendable {
    public var body: PolicyCommand
    public var metadata: CommandMetadata
    /// What each id in `body.referencedPolicies` named when it was read.
    public var references: [PolicyAggregateID: PolicyReference]

    public init(_ body: PolicyCommand, metadata: CommandMetadata, references: [PolicyAggregateID: PolicyReference] = [:]) {
        self.body = body
        self.metadata = metadata
        self.references = references
    }
}

/// What an id named when the runtime read it: nothing, a policy in some status, a set or an exemption.
public enum PolicyReference: Hashable, Sendable {
    case notFound
    case policy(PolicyStatus)
    case policySet
    case exemption

    /// What `state` is, as a reference.
    public init(_ state: PolicyAggregate) {
        switch state.record {
        case .none: self = .notFound
        case .policy(let policy): self = .policy(policy.status)
        case .policySet: self = .policySet
        case .exemption: self = .exemption
        }
    }
}

extension PolicyAggregate {
    /// Reads each policy the command refers to (`add_to_set`'s, `create_set`'s initial members,
    /// `grant_exemption`'s), one per call, then decides the request with what was read in
    /// `references`. Commands that refer to nothing are ready at once.
    public static func prerequisite(of request: PolicyRequest, reads: [PolicyAggregateID: PolicyAggregate]) -> Prerequisite<PolicyAggregateID, PolicyRequest> {
        var resolved = request
        for id in request.body.referencedPolicies where resolved.references[id] == nil {
            guard let state = reads[id] else { return .read(id) }
            resolved.references[id] = PolicyReference(state)
        }
        return .ready(resolved)
    }

    /// `request` with its references read from `states`, a complete map of the domain (a test
    /// double or an in-memory model); ids missing from it count as never created.
    public static func resolvingReferences(of request: PolicyRequest, in states: [PolicyAggregateID: PolicyAggregate]) -> PolicyRequest {
        var reads: [PolicyAggregateID: PolicyAggregate] = [:]
        while true {
            switch prerequisite(of: request, reads: reads) {
            case .read(let id): reads[id] = states[id] ?? PolicyAggregate()
            case .ready(let resolved): return resolved
            }
        }
    }
}
