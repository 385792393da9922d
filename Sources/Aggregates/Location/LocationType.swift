/// `location_type`: what kind of place a location is. Which attributes a kind may carry follows
/// the original's `can_have_physical_attributes` / `can_have_virtual_attributes`.
public enum LocationType: String, Hashable, Sendable, CaseIterable {
    /// A place with a real-world presence: needs an address or coordinates.
    case physical = "Physical"
    /// An online place (meeting room, website …): takes neither address nor coordinates.
    case virtual = "Virtual"
    /// An organisational place (department, zone): takes no address, coordinates or virtual details.
    case logical = "Logical"
    /// Both physical and virtual aspects: may carry all of them, needs none.
    case hybrid = "Hybrid"

    /// Whether an address and coordinates are allowed (Physical, Hybrid).
    public var allowsPhysicalAttributes: Bool { self == .physical || self == .hybrid }

    /// Whether a virtual location is allowed (Virtual, Hybrid).
    public var allowsVirtualAttributes: Bool { self == .virtual || self == .hybrid }
}
