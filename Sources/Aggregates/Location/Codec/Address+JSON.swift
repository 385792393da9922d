extension Address {
    /// `{street, street2?, locality, region, country, postal_code}`.
    ///
    /// Alias: the seed's `nats req location.commands.define` example names the first line
    /// `street` (the form written back); the original's `Address` struct named it `street1`, which
    /// is accepted too. Giving both is refused, so the line a client meant is never guessed.
    static func decode(_ fields: JSONFields) throws(CommandDecodingError) -> Address {
        let street: String
        switch (fields.optional("street"), fields.optional("street1")) {
        case (let value?, nil): street = try value.string(at: fields.path("street"))
        case (nil, let value?): street = try value.string(at: fields.path("street1"))
        case (.some, .some): throw .invalid(fields.path("street1"), "give street or its alias street1, not both")
        case (nil, nil): throw .missing(fields.path("street"))
        }
        return Address(
            street: street, street2: try fields.optionalString("street2"), locality: try fields.string("locality"),
            region: try fields.string("region"), country: try fields.string("country"), postalCode: try fields.string("postal_code"))
    }

    /// Writes the fields in the contract's order, `street2` as `null` when absent.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.writeField("street", street)
        writer.writeField("street2", street2)
        writer.writeField("locality", locality)
        writer.writeField("region", region)
        writer.writeField("country", country)
        writer.writeField("postal_code", postalCode)
        writer.endObject()
    }
}

extension GeoCoordinates {
    /// `{latitude, longitude, altitude?, coordinate_system?}`. Ranges are the aggregate's rule,
    /// not the codec's: `{"latitude": 91, …}` decodes and `decide` refuses it, naming the field.
    /// A missing `coordinate_system` is `WGS84` (the original's default in code; its JSON required it).
    static func decode(_ fields: JSONFields) throws(CommandDecodingError) -> GeoCoordinates {
        GeoCoordinates(
            latitude: try fields.finiteDouble("latitude"), longitude: try fields.finiteDouble("longitude"),
            altitude: try fields.optionalFiniteDouble("altitude"),
            coordinateSystem: try fields.optionalString("coordinate_system") ?? "WGS84")
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.writeKey("latitude")
        writer.writeDouble(latitude)
        writer.writeKey("longitude")
        writer.writeDouble(longitude)
        writer.writeKey("altitude")
        writer.writeDouble(orNull: altitude)
        writer.writeField("coordinate_system", coordinateSystem)
        writer.endObject()
    }
}

extension JSONWriter {
    mutating func writeField(_ key: StaticString, _ address: Address?) {
        writeKey(key)
        if let address { address.write(to: &self) } else { writeNull() }
    }

    mutating func writeField(_ key: StaticString, _ coordinates: GeoCoordinates?) {
        writeKey(key)
        if let coordinates { coordinates.write(to: &self) } else { writeNull() }
    }
}
