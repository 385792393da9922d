extension Location {
    /// Writes every stored property: `{"id","version","status","name","location_type","address",
    /// "coordinates","virtual_location","parent_id","metadata"}`, absent values as `null`, the
    /// status as `"NotDefined"`, `"Active"` or `"Archived"`.
    func writeState(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("id", id)
        w.writeField("version", version)
        w.writeField("status", status.rawValue)
        w.writeField("name", name)
        w.writeField("location_type", locationType?.rawValue)
        w.writeField("address", address)
        w.writeField("coordinates", coordinates)
        w.writeField("virtual_location", virtualLocation)
        w.writeField("parent_id", parentID)
        w.writeKey("metadata")
        w.writeStringMap(metadata)
        w.endObject()
    }

    /// Reads a state written by `writeState`.
    static func decodeState(_ f: JSONFields) throws(CommandDecodingError) -> Location {
        var location = Location()
        location.id = try f.optionalLocationID("id")
        location.version = try f.int("version", in: 0...Int64(Int.max))
        location.status = try f.variant("status", as: LocationStatus.self)
        location.name = try f.optionalString("name")
        if f.optional("location_type") != nil { location.locationType = try f.variant("location_type", as: LocationType.self) }
        location.address = try f.optionalObject("address", Address.decode)
        location.coordinates = try f.optionalObject("coordinates", GeoCoordinates.decode)
        location.virtualLocation = try f.storedVirtualLocation("virtual_location")
        location.parentID = try f.optionalLocationID("parent_id")
        location.metadata = try f.stringMap("metadata")
        return location
    }
}

extension LocationCodec {
    /// Appends the snapshot of `state` (schema `stateSchemaVersion`), see `Location.writeState`.
    public func encodeState(_ state: Location, into buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { writer in state.writeState(to: &writer) }
    }

    /// Reads a snapshot written by `encodeState`.
    /// - Throws: `CommandDecodingError` naming the field that is missing or malformed.
    public func decodeState(_ bytes: UnsafeRawBufferPointer) throws(CommandDecodingError) -> Location {
        try JSONDocument.parse(bytes, onError: CommandDecodingError.malformed) { (document) throws(CommandDecodingError) in
            try Location.decodeState(try JSONFields.root(of: document, expected: "a location snapshot"))
        }
    }
}
