extension Location {
    /// How many ancestors of a proposed parent are read before giving up (`hierarchy_too_deep`).
    public static let maxHierarchyDepth = 64

    /// The details must fit `type`: an address and coordinates only on Physical and Hybrid, a
    /// virtual location only on Virtual and Hybrid; a Physical location being defined needs an
    /// address or coordinates (`requireComplete`); every address field is non-blank and the
    /// coordinates are in range.
    static func checkDetails(
        of type: LocationType, address: Address?, coordinates: GeoCoordinates?, virtualLocation: VirtualLocation?,
        requireComplete: Bool
    ) throws(LocationError) {
        if !type.allowsPhysicalAttributes {
            if address != nil {
                throw LocationError(.invalid, field: "address", message: "Cannot set physical address on \(type.rawValue.lowercased()) location")
            }
            if coordinates != nil {
                throw LocationError(.invalid, field: "coordinates", message: "Cannot set coordinates on \(type.rawValue.lowercased()) location")
            }
        }
        if virtualLocation != nil, !type.allowsVirtualAttributes {
            throw LocationError(
                .invalid, field: "virtual_location", message: "Cannot set virtual location details on \(type.rawValue.lowercased()) location")
        }
        if requireComplete, type == .physical, address == nil, coordinates == nil {
            throw LocationError(.invalid, field: "address", message: "A physical location needs an address or coordinates")
        }
        if let blank = address?.blankField { throw LocationError(.invalid, field: "address.\(blank.field)", message: blank.message) }
        if let wrong = coordinates?.invalidField { throw LocationError(.invalid, field: "coordinates.\(wrong.field)", message: wrong.message) }
    }

    static func checkName(_ name: String) throws(LocationError) {
        guard !name.isBlank else { throw LocationError(.invalid, field: "name", message: "Name cannot be empty") }
    }

    static func checkReason(_ reason: String) throws(LocationError) {
        guard !reason.isBlank else { throw LocationError(.emptyReason, field: "reason", message: "Reason cannot be empty") }
    }

    /// `parent` may become `child`'s parent: it is not `child`, it exists, and `child` is not among
    /// its ancestors (which the runtime read into `ancestry`).
    static func checkParent(_ parent: LocationID, of child: LocationID, ancestry: ParentAncestry) throws(LocationError) {
        guard parent != child else { throw LocationError(.parentCycle, field: "parent_id", message: "Location cannot be its own parent") }
        switch ancestry {
        case .notRead:
            throw LocationError(
                .hierarchyUnavailable, field: "parent_id",
                message: "the ancestry of \(parent.text) was not read, so a cycle cannot be ruled out; nothing was recorded")
        case .parentNotFound:
            throw LocationError(.parentNotFound, field: "parent_id", message: "Parent location not found: \(parent.text)")
        case .tooDeep:
            throw LocationError(
                .hierarchyTooDeep, field: "parent_id", message: "the ancestry of \(parent.text) is deeper than \(maxHierarchyDepth) locations")
        case .ancestors(let chain):
            guard chain.first == parent else {
                throw LocationError(
                    .hierarchyUnavailable, field: "parent_id", message: "the ancestry read is not that of \(parent.text); nothing was recorded")
            }
            if chain.contains(child) {
                throw LocationError(
                    .parentCycle, field: "parent_id", message: "\(parent.text) is a descendant of \(child.text); the hierarchy would form a cycle")
            }
        }
    }
}
