extension Person {
    /// Writes every stored property: `{"id","version","status","name","source","birth_date",
    /// "date_of_death","attributes","created_at","updated_at"}`, absent values as `null`.
    /// The status is `"NotCreated"`, `"Active"`, `{"Deactivated":{"reason"}}`,
    /// `{"Deceased":{"date_of_death"}}` or `{"MergedInto":{"merged_into_id","merge_reason"}}`.
    func writeState(to w: inout JSONWriter) {
        w.beginObject()
        w.writeKey("id")
        if let id { w.writePersonID(id) } else { w.writeNull() }
        w.writeField("version", version)
        w.writeKey("status")
        switch status {
        case .notCreated: w.writeString("NotCreated")
        case .active: w.writeString("Active")
        case .deactivated(let reason):
            w.beginObject()
            w.writeKey("Deactivated")
            w.beginObject()
            w.writeField("reason", reason)
            w.endObject()
            w.endObject()
        case .deceased(let date):
            w.beginObject()
            w.writeKey("Deceased")
            w.beginObject()
            w.writeField("date_of_death", date)
            w.endObject()
            w.endObject()
        case .mergedInto(let target, let reason):
            w.beginObject()
            w.writeKey("MergedInto")
            w.beginObject()
            w.writeField("merged_into_id", target)
            w.writeField("merge_reason", reason.rawValue)
            w.endObject()
            w.endObject()
        }
        w.writeKey("name")
        if let name { name.write(to: &w) } else { w.writeNull() }
        w.writeField("source", source)
        w.writeField("birth_date", birthDate)
        w.writeField("date_of_death", dateOfDeath)
        w.writeKey("attributes")
        w.beginArray()
        for attribute in attributes { attribute.write(to: &w) }
        w.endArray()
        w.writeField("created_at", createdAt)
        w.writeField("updated_at", updatedAt)
        w.endObject()
    }

    /// Reads a state written by `writeState`.
    static func decodeState(_ f: JSONFields) throws(CommandDecodingError) -> Person {
        var person = Person()
        person.id = try f.optional("id").map { (node) throws(CommandDecodingError) in try PersonID.decode(node, at: f.path("id")) }
        person.version = try f.int("version", in: 0...Int64(Int.max))
        person.status = try decodeStatus(try f.required("status"), at: f.path("status"))
        if let name = f.optional("name") { person.name = try PersonName.decode(try JSONFields(name, at: f.path("name"))) }
        person.source = try f.optionalString("source")
        person.birthDate = try f.optionalDate("birth_date")
        person.dateOfDeath = try f.optionalDate("date_of_death")
        let list = try f.required("attributes")
        guard list.kind == .array else { throw .invalid(f.path("attributes"), "expected an array, found \(list.kindName)") }
        person.attributes.reserveCapacity(list.count)
        for (position, element) in list.elements.enumerated() {
            let fields = try JSONFields(element, at: "attributes[\(position)]")
            person.attributes.append(try PersonAttribute.decode(fields, strict: false))
        }
        person.createdAt = try f.optionalTimestamp("created_at")
        person.updatedAt = try f.optionalTimestamp("updated_at")
        return person
    }

    private static func decodeStatus(_ node: JSONNode, at path: String) throws(CommandDecodingError) -> PersonStatus {
        let tags = ["NotCreated", "Active", "Deactivated", "Deceased", "MergedInto"]
        if node.isString {
            switch node.decodedString() {
            case "NotCreated": return .notCreated
            case "Active": return .active
            case let other: throw PersonVariants.unknown(other, at: path, expected: tags)
            }
        }
        let (tag, body) = try node.tagged(at: path)
        let f = try JSONFields(body, at: path + "." + tag)
        switch tag {
        case "Deactivated": return .deactivated(reason: try f.string("reason"))
        case "Deceased": return .deceased(dateOfDeath: try f.date("date_of_death"))
        case "MergedInto":
            return .mergedInto(try f.personID("merged_into_id"), reason: try f.variant("merge_reason", as: MergeReason.self))
        default: throw PersonVariants.unknown(tag, at: path, expected: tags)
        }
    }
}

extension PersonCodec {
    /// Appends the snapshot of `state` (schema `stateSchemaVersion`), see `Person.writeState`.
    public func encodeState(_ state: Person, into buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { writer in state.writeState(to: &writer) }
    }

    /// Reads a snapshot written by `encodeState`.
    /// - Throws: `CommandDecodingError` naming the field that is missing or malformed.
    public func decodeState(_ bytes: UnsafeRawBufferPointer) throws(CommandDecodingError) -> Person {
        try JSONDocument.parse(bytes, onError: CommandDecodingError.malformed) { (document) throws(CommandDecodingError) in
            try Person.decodeState(try JSONFields.root(of: document, expected: "a person snapshot"))
        }
    }
}
