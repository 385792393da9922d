extension Location {
    /// Decides a command against the current state.
    ///
    /// Rules: `define` on an existing location is refused; an archived location refuses every
    /// change (the original let `set_parent` and `add_metadata` through); details must fit the
    /// location type (see `checkDetails`); a location cannot be its own parent nor its own
    /// ancestor (judged on `request.ancestry`); blank reasons are refused; a command that would
    /// change nothing is refused with `.noChange`.
    /// - Returns: the events to append, never empty.
    /// - Throws: `LocationError`.
    public func decide(_ request: LocationRequest) throws(LocationError) -> [LocationEvent] {
        let body = request.body
        if case .define(let definition) = body {
            guard status == .notDefined else {
                throw LocationError(.alreadyExists, field: "location_id", message: "Location already exists: \(definition.locationID.text)")
            }
            try Self.checkName(definition.name)
            try Self.checkDetails(
                of: definition.locationType, address: definition.address, coordinates: definition.coordinates,
                virtualLocation: definition.virtualLocation, requireComplete: true)
            if let parent = definition.parentID { try Self.checkParent(parent, of: definition.locationID, ancestry: request.ancestry) }
            return [.locationDefined(definition)]
        }
        let id = try requireActive(body)
        switch body {
        case .define:
            preconditionFailure("handled above")
        case .update(let changes):
            try Self.checkReason(changes.reason)
            return [.locationUpdated(try update(id, with: changes))]
        case .setParent(_, let parent, let reason):
            try Self.checkReason(reason)
            guard parent != parentID else { throw noChange("the parent is already \(parent.text)") }
            try Self.checkParent(parent, of: id, ancestry: request.ancestry)
            return [.parentLocationSet(locationID: id, parentID: parent, previousParentID: parentID, reason: reason)]
        case .removeParent(_, let reason):
            try Self.checkReason(reason)
            guard let previous = parentID else { throw noChange("the location has no parent") }
            return [.parentLocationRemoved(locationID: id, previousParentID: previous, reason: reason)]
        case .addMetadata(_, let entries, let reason):
            try Self.checkReason(reason)
            guard !entries.isEmpty else { throw LocationError(.invalid, field: "metadata", message: "metadata has no entries") }
            if let blank = entries.keys.sorted().first(where: \.isBlank) {
                throw LocationError(.invalid, field: "metadata", message: "metadata key \"\(blank)\" is blank")
            }
            let added = entries.filter { metadata[$0.key] != $0.value }
            guard !added.isEmpty else { throw noChange("every metadata entry is already recorded") }
            let current = metadata.merging(added) { _, new in new }
            return [.locationMetadataAdded(locationID: id, addedMetadata: added, currentMetadata: current, reason: reason)]
        case .archive(_, let reason):
            try Self.checkReason(reason)
            return [.locationArchived(locationID: id, name: name ?? "", locationType: locationType ?? .physical, reason: reason)]
        }
    }

    /// The `LocationUpdated` for `changes`: only the details that differ, each with its previous value.
    private func update(_ id: LocationID, with changes: LocationChanges) throws(LocationError) -> LocationUpdate {
        if let new = changes.name { try Self.checkName(new) }
        try Self.checkDetails(
            of: locationType ?? .physical, address: changes.address, coordinates: changes.coordinates,
            virtualLocation: changes.virtualLocation, requireComplete: false)
        var update = LocationUpdate(locationID: id, reason: changes.reason)
        if let new = changes.name, new != name {
            update.previousName = name
            update.name = new
        }
        if let new = changes.address, new != address {
            update.previousAddress = address
            update.address = new
        }
        if let new = changes.coordinates, new != coordinates {
            update.previousCoordinates = coordinates
            update.coordinates = new
        }
        if let new = changes.virtualLocation, new != virtualLocation {
            update.previousVirtualLocation = virtualLocation
            update.virtualLocation = new
        }
        let named = changes.name != nil || changes.address != nil || changes.coordinates != nil || changes.virtualLocation != nil
        guard update.name != nil || update.address != nil || update.coordinates != nil || update.virtualLocation != nil else {
            throw noChange(named ? "every detail is already that" : "the update names no detail to change")
        }
        return update
    }

    /// The location exists, is addressed by the command, and is not archived.
    private func requireActive(_ body: LocationCommand) throws(LocationError) -> LocationID {
        guard let id else {
            throw LocationError(.notFound, field: "location_id", message: "Location not found: \(body.locationID.text)")
        }
        guard body.locationID == id else {
            throw LocationError(.invalid, field: "location_id", message: "addressed to \(body.locationID.text), not \(id.text)")
        }
        guard status != .archived else {
            let message = if case .archive = body { "Location is already archived" } else { "Cannot modify archived location \(id.text)" }
            throw LocationError(.archived, message: message)
        }
        return id
    }

    private func noChange(_ message: String) -> LocationError { LocationError(.noChange, message: message) }
}
