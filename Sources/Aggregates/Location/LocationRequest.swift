/// A Location command as `decide` takes it: the body and metadata of the request, and what the
/// runtime read from the store about the proposed parent's ancestry (see `Location.ancestryStep`).
///
/// The codec decodes requests with `.notRead`; a command that proposes a parent is refused with
/// `hierarchy_unavailable` until the runtime has filled `ancestry` in.
public struct LocationRequest: Hashable, Sendable {
    public var body: LocationCommand
    public var metadata: CommandMetadata
    public var ancestry: ParentAncestry

    public init(_ body: LocationCommand, metadata: CommandMetadata, ancestry: ParentAncestry = .notRead) {
        self.body = body
        self.metadata = metadata
        self.ancestry = ancestry
    }
}

/// What was read about a proposed parent, nearest first.
public enum ParentAncestry: Hashable, Sendable {
    /// Nothing was read (as decoded); only a self-parent can be judged.
    case notRead
    /// The proposed parent has no events: it was never defined.
    case parentNotFound
    /// The proposed parent, its parent, and so on: the chain ends at a root, at a location that
    /// was never defined, or with the first id that repeats (a cycle closes there).
    case ancestors([LocationID])
    /// The chain is longer than `Location.maxHierarchyDepth`; reading stopped.
    case tooDeep
}
