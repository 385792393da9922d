extension AttributeType {
    static let tags = ["Identifying", "Physical", "Healthcare", "Demographic", "Custom"]

    /// `{"Physical":"Height"}` … or `{"Custom":{organization, attribute_name, category}}`.
    /// - Parameters:
    ///   - path: built only when a message needs it.
    ///   - strict: check the variant name against the original's lists (commands).
    static func decode(_ node: JSONNode, at path: @autoclosure () -> String, strict: Bool) throws(CommandDecodingError) -> AttributeType {
        let (tag, value) = try node.tagged(at: path())
        switch tag {
        case "Identifying": return .identifying(try PersonVariants.name(value, at: path() + ".Identifying", in: PersonVariants.identifying, strict: strict))
        case "Physical": return .physical(try PersonVariants.name(value, at: path() + ".Physical", in: PersonVariants.physical, strict: strict))
        case "Healthcare": return .healthcare(try PersonVariants.name(value, at: path() + ".Healthcare", in: PersonVariants.healthcare, strict: strict))
        case "Demographic": return .demographic(try PersonVariants.name(value, at: path() + ".Demographic", in: PersonVariants.demographic, strict: strict))
        case "Custom":
            let fields = try JSONFields(value, at: path() + ".Custom")
            return .custom(
                CustomAttributeType(
                    organization: try fields.string("organization"), attributeName: try fields.string("attribute_name"),
                    category: try fields.string("category")))
        default:
            throw PersonVariants.unknown(tag, at: path(), expected: tags)
        }
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        switch self {
        case .identifying(let name): writer.writeField("Identifying", name)
        case .physical(let name): writer.writeField("Physical", name)
        case .healthcare(let name): writer.writeField("Healthcare", name)
        case .demographic(let name): writer.writeField("Demographic", name)
        case .custom(let custom):
            writer.writeKey("Custom")
            writer.beginObject()
            writer.writeField("organization", custom.organization)
            writer.writeField("attribute_name", custom.attributeName)
            writer.writeField("category", custom.category)
            writer.endObject()
        }
        writer.endObject()
    }
}

extension JSONFields {
    func attributeType(_ key: StaticString, strict: Bool) throws(CommandDecodingError) -> AttributeType {
        try AttributeType.decode(try required(key), at: path(key), strict: strict)
    }
}

extension JSONWriter {
    mutating func writeField(_ key: StaticString, _ type: AttributeType) {
        writeKey(key)
        type.write(to: &self)
    }
}
