extension PersonName {
    /// `{"components":{…},"preferred_form":…,"naming_convention":"Western"}`: every list of the
    /// components is required, the options may be absent or null.
    static func decode(_ fields: JSONFields) throws(CommandDecodingError) -> PersonName {
        let components = try fields.object("components")
        return PersonName(
            components: NameComponents(
                givenNames: try components.strings("given_names"),
                familyNames: try components.strings("family_names"),
                patronymic: try components.optionalString("patronymic"),
                matronymic: try components.optionalString("matronymic"),
                prefixes: try components.strings("prefixes"),
                suffixes: try components.strings("suffixes")),
            preferredForm: try fields.optionalString("preferred_form"),
            namingConvention: try fields.variant("naming_convention", as: NamingConvention.self))
    }

    /// Writes the fields in the contract's order, absent options as `null`.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.writeKey("components")
        writer.beginObject()
        writer.writeField("given_names", components.givenNames)
        writer.writeField("family_names", components.familyNames)
        writer.writeField("patronymic", components.patronymic)
        writer.writeField("matronymic", components.matronymic)
        writer.writeField("prefixes", components.prefixes)
        writer.writeField("suffixes", components.suffixes)
        writer.endObject()
        writer.writeField("preferred_form", preferredForm)
        writer.writeField("naming_convention", namingConvention.rawValue)
        writer.endObject()
    }
}

extension JSONFields {
    func name(_ key: StaticString) throws(CommandDecodingError) -> PersonName {
        try PersonName.decode(try object(key))
    }
}

extension JSONWriter {
    mutating func writeField(_ key: StaticString, _ name: PersonName) {
        writeKey(key)
        name.write(to: &self)
    }
}
