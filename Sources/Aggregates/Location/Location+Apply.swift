extension Location {
    /// Folds one event; every event adds 1 to `version`. Never fails: events are facts.
    public mutating func apply(_ event: LocationEvent) {
        version += 1
        switch event {
        case .locationDefined(let definition):
            id = definition.locationID
            status = .active
            name = definition.name
            locationType = definition.locationType
            address = definition.address
            coordinates = definition.coordinates
            virtualLocation = definition.virtualLocation
            parentID = definition.parentID
        case .locationUpdated(let update):
            if let new = update.name { name = new }
            if let new = update.address { address = new }
            if let new = update.coordinates { coordinates = new }
            if let new = update.virtualLocation { virtualLocation = new }
        case .parentLocationSet(_, let parent, _, _):
            parentID = parent
        case .parentLocationRemoved:
            parentID = nil
        case .locationMetadataAdded(_, _, let current, _):
            metadata = current
        case .locationArchived:
            status = .archived
        }
    }
}
