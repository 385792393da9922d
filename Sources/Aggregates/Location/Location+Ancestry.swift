/// What a runtime must do before deciding a Location request (see `Location.ancestryStep`).
public enum AncestryStep: Hashable, Sendable {
    /// The request proposes no parent, or only itself: decide it as it is.
    case notNeeded
    /// Read this location's current state from the store, add it to `reads`, and ask again.
    case read(LocationID)
    /// Everything needed was read: set `request.ancestry` to this and decide.
    case resolved(ParentAncestry)
}

extension Location {
    /// The next step in reading the ancestry of the parent `request` proposes, given the states
    /// read so far (keyed by id; a location never defined is read as `Location()`).
    ///
    /// A runtime loops until the answer is not `.read`:
    /// ```swift
    /// var reads: [LocationID: Location] = [:]
    /// var step = Location.ancestryStep(for: request, reads: reads)
    /// while case .read(let id) = step {
    ///     reads[id] = try await store.load(id).state
    ///     step = Location.ancestryStep(for: request, reads: reads)
    /// }
    /// if case .resolved(let ancestry) = step { request.ancestry = ancestry }
    /// ```
    /// It asks for at most `maxHierarchyDepth` reads, one per ancestor, parent first.
    public static func ancestryStep(for request: LocationRequest, reads: [LocationID: Location]) -> AncestryStep {
        guard let parent = request.body.proposedParent, parent != request.body.locationID else { return .notNeeded }
        let child = request.body.locationID
        var chain: [LocationID] = []
        var current = parent
        while true {
            guard let state = reads[current] else { return .read(current) }
            guard state.status != .notDefined else { return .resolved(chain.isEmpty ? .parentNotFound : .ancestors(chain)) }
            chain.append(current)
            guard let next = state.parentID else { return .resolved(.ancestors(chain)) }
            if next == child || chain.contains(next) { return .resolved(.ancestors(chain + [next])) }
            guard chain.count < maxHierarchyDepth else { return .resolved(.tooDeep) }
            current = next
        }
    }

    /// `request` with its ancestry read from `states`, a complete map of locations (a test double
    /// or an in-memory read model); ids missing from it count as never defined.
    public static func resolvingAncestry(of request: LocationRequest, in states: [LocationID: Location]) -> LocationRequest {
        var reads: [LocationID: Location] = [:]
        var step = ancestryStep(for: request, reads: reads)
        while case .read(let id) = step {
            reads[id] = states[id] ?? Location()
            step = ancestryStep(for: request, reads: reads)
        }
        var resolved = request
        if case .resolved(let ancestry) = step { resolved.ancestry = ancestry }
        return resolved
    }
}

extension Location {
    /// The runtime's view of `ancestryStep`: read the proposed parent's ancestors one by one, then
    /// decide the request with its ancestry filled in.
    public static func prerequisite(of request: LocationRequest, reads: [LocationID: Location]) -> Prerequisite<LocationID, LocationRequest> {
        switch ancestryStep(for: request, reads: reads) {
        case .notNeeded:
            return .ready(request)
        case .read(let id):
            return .read(id)
        case .resolved(let ancestry):
            var resolved = request
            resolved.ancestry = ancestry
            return .ready(resolved)
        }
    }

    /// `hierarchy` for a command that gives a location a parent: two of them decided at the same
    /// time could each read the other's old ancestry and together close a cycle.
    public static func exclusiveScope(of request: LocationRequest) -> String? {
        guard let parent = request.body.proposedParent, parent != request.body.locationID else { return nil }
        return "hierarchy"
    }

    /// `hierarchy`.
    public static var exclusiveScopes: [String] { ["hierarchy"] }
}
