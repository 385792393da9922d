extension LocationEvent {
    /// Writes `{"<EventName>":{…}}` with the body's fields in the reference's order, absent
    /// options as `null` and maps with sorted keys.
    func write(to w: inout JSONWriter) {
        w.beginObject()
        switch self {
        case .locationDefined(let definition):
            w.writeKey("LocationDefined")
            definition.write(to: &w)
        case .locationUpdated(let update):
            w.writeKey("LocationUpdated")
            w.beginObject()
            w.writeField("location_id", update.locationID)
            w.writeField("previous_name", update.previousName)
            w.writeField("name", update.name)
            w.writeField("previous_address", update.previousAddress)
            w.writeField("address", update.address)
            w.writeField("previous_coordinates", update.previousCoordinates)
            w.writeField("coordinates", update.coordinates)
            w.writeField("previous_virtual_location", update.previousVirtualLocation)
            w.writeField("virtual_location", update.virtualLocation)
            w.writeField("reason", update.reason)
            w.endObject()
        case .parentLocationSet(let id, let parent, let previous, let reason):
            w.writeKey("ParentLocationSet")
            w.beginObject()
            w.writeField("location_id", id)
            w.writeField("parent_id", parent)
            w.writeField("previous_parent_id", previous)
            w.writeField("reason", reason)
            w.endObject()
        case .parentLocationRemoved(let id, let previous, let reason):
            w.writeKey("ParentLocationRemoved")
            w.beginObject()
            w.writeField("location_id", id)
            w.writeField("previous_parent_id", previous)
            w.writeField("reason", reason)
            w.endObject()
        case .locationMetadataAdded(let id, let added, let current, let reason):
            w.writeKey("LocationMetadataAdded")
            w.beginObject()
            w.writeField("location_id", id)
            w.writeKey("added_metadata")
            w.writeStringMap(added)
            w.writeKey("current_metadata")
            w.writeStringMap(current)
            w.writeField("reason", reason)
            w.endObject()
        case .locationArchived(let id, let name, let type, let reason):
            w.writeKey("LocationArchived")
            w.beginObject()
            w.writeField("location_id", id)
            w.writeField("name", name)
            w.writeField("location_type", type.rawValue)
            w.writeField("reason", reason)
            w.endObject()
        }
        w.endObject()
    }
}

extension LocationDefinition {
    /// `{location_id, name, location_type, address, coordinates, virtual_location, parent_id}`:
    /// the body of `LocationDefined`, the same fields as the define command.
    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("location_id", locationID)
        w.writeField("name", name)
        w.writeField("location_type", locationType.rawValue)
        w.writeField("address", address)
        w.writeField("coordinates", coordinates)
        w.writeField("virtual_location", virtualLocation)
        w.writeField("parent_id", parentID)
        w.endObject()
    }
}
