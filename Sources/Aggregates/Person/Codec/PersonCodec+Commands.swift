extension PersonCodec {
    static let commandTags = [
        "CreatePerson", "UpdateName", "SetBirthDate", "RecordDeath", "DeactivatePerson", "ReactivatePerson", "MergePersons",
        "ArchivePerson", "RecordAttribute", "UpdateAttribute", "InvalidateAttribute",
    ]

    /// Decodes an externally tagged command, `{"CreatePerson":{…}}`. The subject is not used: the
    /// original ignored the suffix of `person.commands.>` too. Unknown fields are ignored.
    /// - Throws: `.malformedJSON` for bytes that are not JSON or not an object with exactly one key;
    ///   `.unknownCommand` for a tag that names no command; `.missingField` and `.invalidField`
    ///   with the field's path, e.g. `CreatePerson.name.components.prefixes`.
    public func decodeCommand(
        subject: String, payload: UnsafeRawBufferPointer, metadata: CommandMetadata
    ) throws(CommandDecodingError) -> Issued<PersonCommand> {
        try JSONDocument.parse(payload, onError: CommandDecodingError.malformed) { (document) throws(CommandDecodingError) in
            Issued(try Self.command(document.root), metadata: metadata)
        }
    }

    /// The command's contract name, e.g. `CreatePerson`.
    public func commandName(_ command: Issued<PersonCommand>) -> String {
        command.body.typeName
    }

    static func command(_ root: JSONNode) throws(CommandDecodingError) -> PersonCommand {
        guard root.kind == .object else {
            throw CommandDecodingError(.malformedJSON, message: "expected an object with one command tag, found \(root.kindName)")
        }
        guard root.count == 1, let (tagNode, body) = root.members.first(where: { _ in true }) else {
            let tags = root.members.map { $0.key.decodedString() }.joined(separator: ", ")
            throw CommandDecodingError(
                .malformedJSON, message: "expected exactly one command tag, found \(root.count)\(tags.isEmpty ? "" : ": \(tags)")")
        }
        let tag = tagNode.decodedString()
        guard commandTags.contains(tag) else { throw unknownCommand(tag) }
        let f = try JSONFields(body, at: tag)
        switch tag {
        case "CreatePerson":
            return .createPerson(personID: try f.personID("person_id"), name: try f.name("name"), source: try f.string("source"))
        case "UpdateName":
            return .updateName(personID: try f.personID("person_id"), name: try f.name("name"), reason: try f.optionalString("reason"))
        case "SetBirthDate":
            return .setBirthDate(personID: try f.personID("person_id"), birthDate: try f.date("birth_date"))
        case "RecordDeath":
            return .recordDeath(personID: try f.personID("person_id"), dateOfDeath: try f.date("date_of_death"))
        case "DeactivatePerson":
            return .deactivatePerson(personID: try f.personID("person_id"), reason: try f.string("reason"))
        case "ReactivatePerson":
            return .reactivatePerson(personID: try f.personID("person_id"), reason: try f.string("reason"))
        case "MergePersons":
            return .mergePersons(
                sourcePersonID: try f.personID("source_person_id"), targetPersonID: try f.personID("target_person_id"),
                mergeReason: try f.variant("merge_reason", as: MergeReason.self))
        case "ArchivePerson":
            return .archivePerson(personID: try f.personID("person_id"), reason: try f.string("reason"))
        case "RecordAttribute":
            return .recordAttribute(personID: try f.personID("person_id"), attribute: try f.attribute("attribute", strict: true))
        case "UpdateAttribute":
            return .updateAttribute(
                personID: try f.personID("person_id"), attributeType: try f.attributeType("attribute_type", strict: true),
                newAttribute: try f.attribute("new_attribute", strict: true))
        case "InvalidateAttribute":
            return .invalidateAttribute(
                personID: try f.personID("person_id"), attributeType: try f.attributeType("attribute_type", strict: true),
                reason: try f.optionalString("reason"))
        default:
            throw unknownCommand(tag)
        }
    }

    private static func unknownCommand(_ tag: String) -> CommandDecodingError {
        CommandDecodingError(.unknownCommand, message: "unknown command \(tag); expected one of \(commandTags.joined(separator: ", "))")
    }
}
