/// What a policy (or an exemption) applies to: `"Global"`, `{"Organization":"<uuid>"}` or
/// `{"Composite":[…]}` (the reference's other targets are not supported yet).
public indirect enum PolicyTarget: Hashable, Sendable {
    case global
    case organization(CanonicalUUID)
    case composite([PolicyTarget])

    /// How deep composites may nest (the codec refuses deeper ones).
    public static let maxDepth = 8

    /// Whether a policy with this target applies to a query about `subject`: Global always
    /// applies; an organization applies when `subject` names it (alone or inside a composite); a
    /// composite applies when any of its parts does. A Global subject names no organization, so
    /// only Global policies apply to it.
    public func applies(to subject: PolicyTarget) -> Bool {
        switch self {
        case .global: true
        case .organization(let id): subject.organizations.contains(id)
        case .composite(let parts): parts.contains { $0.applies(to: subject) }
        }
    }

    /// Every organization named, composites flattened.
    public var organizations: Set<CanonicalUUID> {
        switch self {
        case .global: []
        case .organization(let id): [id]
        case .composite(let parts): parts.reduce(into: []) { $0.formUnion($1.organizations) }
        }
    }

    /// Composites inside composites, counting this one (Global and Organization are 1).
    public var depth: Int {
        guard case .composite(let parts) = self else { return 1 }
        return 1 + (parts.map(\.depth).max() ?? 0)
    }
}
