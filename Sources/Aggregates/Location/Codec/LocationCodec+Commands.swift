extension LocationCodec {
    /// Decodes the plain-struct payload of `location.commands.<verb>`; the subject has exactly
    /// that shape (no token before or after the verb). Paths in errors start at the payload's
    /// keys (`address.street`). Unknown fields are ignored, absent and `null` options are the
    /// same. The request's ancestry is `.notRead`.
    /// - Throws: `.unknownCommand` for a subject of another shape or a verb that names no command
    ///   (before the payload is read); `.malformedJSON` for bytes that are not a JSON object;
    ///   `.missingField` and `.invalidField` naming the field.
    public func decodeCommand(
        subject: String, payload: UnsafeRawBufferPointer, metadata: CommandMetadata
    ) throws(CommandDecodingError) -> LocationRequest {
        guard let verb = CommandSubject.verb(of: subject, domain: domain) else {
            throw CommandDecodingError(
                .unknownCommand, message: "\(subject) names no command: send location.commands.<verb>, the verb one of \(LocationCommand.verbs.joined(separator: ", "))")
        }
        guard LocationCommand.verbs.contains(verb) else {
            throw CommandDecodingError(
                .unknownCommand, message: "unknown command \(verb) on \(subject); expected one of \(LocationCommand.verbs.joined(separator: ", "))")
        }
        return try JSONDocument.parse(payload, onError: CommandDecodingError.malformed) { (document) throws(CommandDecodingError) in
            LocationRequest(try Self.command(verb, try JSONFields.root(of: document, expected: "a \(verb) command")), metadata: metadata)
        }
    }

    static func command(_ verb: String, _ f: JSONFields) throws(CommandDecodingError) -> LocationCommand {
        let id = try f.locationID("location_id")
        switch verb {
        case "define":
            return .define(
                LocationDefinition(
                    locationID: id, name: try f.string("name"), locationType: try f.variant("location_type", as: LocationType.self),
                    address: try f.optionalObject("address", Address.decode),
                    coordinates: try f.optionalObject("coordinates", GeoCoordinates.decode),
                    virtualLocation: try f.optionalObject("virtual_location") { (v) throws(CommandDecodingError) in
                        try VirtualLocation.decode(v, strict: true)
                    },
                    parentID: try f.optionalLocationID("parent_id")))
        case "update":
            return .update(
                LocationChanges(
                    locationID: id, name: try f.optionalString("name"), address: try f.optionalObject("address", Address.decode),
                    coordinates: try f.optionalObject("coordinates", GeoCoordinates.decode),
                    virtualLocation: try f.optionalObject("virtual_location") { (v) throws(CommandDecodingError) in
                        try VirtualLocation.decode(v, strict: true)
                    },
                    reason: try f.string("reason")))
        case "set_parent":
            return .setParent(locationID: id, parentID: try f.locationID("parent_id"), reason: try f.string("reason"))
        case "remove_parent":
            return .removeParent(locationID: id, reason: try f.string("reason"))
        case "add_metadata":
            return .addMetadata(locationID: id, metadata: try f.stringMap("metadata"), reason: try f.string("reason"))
        default:
            return .archive(locationID: id, reason: try f.string("reason"))
        }
    }
}
