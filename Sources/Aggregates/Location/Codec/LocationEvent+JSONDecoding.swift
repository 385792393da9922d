extension LocationEvent {
    static let tags = [
        "LocationDefined", "LocationUpdated", "ParentLocationSet", "ParentLocationRemoved", "LocationMetadataAdded", "LocationArchived",
    ]

    /// Reads `{"<EventName>":{…}}` back. Facts are read as stored: IP addresses are not re-checked.
    /// - Throws: `CommandDecodingError` naming the field, e.g. `event.ParentLocationSet.parent_id`.
    static func decode(_ node: JSONNode, at path: String) throws(CommandDecodingError) -> LocationEvent {
        let (tag, body) = try node.tagged(at: path)
        guard tags.contains(tag) else { throw JSONVariants.unknown(tag, at: path, expected: tags) }
        let f = try JSONFields(body, at: path + "." + tag)
        let id = try f.locationID("location_id")
        switch tag {
        case "LocationDefined":
            return .locationDefined(
                LocationDefinition(
                    locationID: id, name: try f.string("name"), locationType: try f.variant("location_type", as: LocationType.self),
                    address: try f.optionalObject("address", Address.decode),
                    coordinates: try f.optionalObject("coordinates", GeoCoordinates.decode),
                    virtualLocation: try f.storedVirtualLocation("virtual_location"), parentID: try f.optionalLocationID("parent_id")))
        case "LocationUpdated":
            return .locationUpdated(
                LocationUpdate(
                    locationID: id, previousName: try f.optionalString("previous_name"), name: try f.optionalString("name"),
                    previousAddress: try f.optionalObject("previous_address", Address.decode),
                    address: try f.optionalObject("address", Address.decode),
                    previousCoordinates: try f.optionalObject("previous_coordinates", GeoCoordinates.decode),
                    coordinates: try f.optionalObject("coordinates", GeoCoordinates.decode),
                    previousVirtualLocation: try f.storedVirtualLocation("previous_virtual_location"),
                    virtualLocation: try f.storedVirtualLocation("virtual_location"), reason: try f.string("reason")))
        case "ParentLocationSet":
            return .parentLocationSet(
                locationID: id, parentID: try f.locationID("parent_id"), previousParentID: try f.optionalLocationID("previous_parent_id"),
                reason: try f.string("reason"))
        case "ParentLocationRemoved":
            return .parentLocationRemoved(locationID: id, previousParentID: try f.locationID("previous_parent_id"), reason: try f.string("reason"))
        case "LocationMetadataAdded":
            return .locationMetadataAdded(
                locationID: id, addedMetadata: try f.stringMap("added_metadata"), currentMetadata: try f.stringMap("current_metadata"),
                reason: try f.string("reason"))
        default:
            return .locationArchived(
                locationID: id, name: try f.string("name"), locationType: try f.variant("location_type", as: LocationType.self),
                reason: try f.string("reason"))
        }
    }
}

extension JSONFields {
    /// A stored virtual location (absent or null is `nil`), read without re-checking its IPs.
    func storedVirtualLocation(_ key: StaticString) throws(CommandDecodingError) -> VirtualLocation? {
        try optionalObject(key) { (fields) throws(CommandDecodingError) in try VirtualLocation.decode(fields, strict: false) }
    }
}
