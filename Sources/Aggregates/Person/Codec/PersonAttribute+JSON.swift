extension PersonAttribute {
    /// `{attribute_type, value, temporal, provenance}`, all required.
    /// - Parameter strict: check variant names and trace entries against the contract (commands).
    static func decode(_ fields: JSONFields, strict: Bool) throws(CommandDecodingError) -> PersonAttribute {
        PersonAttribute(
            attributeType: try fields.attributeType("attribute_type", strict: strict),
            value: try AttributeValue.decode(try fields.required("value"), at: fields.path("value"), strict: strict),
            temporal: try TemporalValidity.decode(try fields.object("temporal")),
            provenance: try Provenance.decode(try fields.object("provenance"), strict: strict))
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.writeField("attribute_type", attributeType)
        writer.writeKey("value")
        value.write(to: &writer)
        writer.writeKey("temporal")
        writer.beginObject()
        writer.writeField("recorded_at", temporal.recordedAt)
        writer.writeField("valid_from", temporal.validFrom)
        writer.writeField("valid_until", temporal.validUntil)
        writer.endObject()
        writer.writeKey("provenance")
        provenance.write(to: &writer)
        writer.endObject()
    }
}

extension TemporalValidity {
    /// `{recorded_at, valid_from?, valid_until?}`.
    static func decode(_ fields: JSONFields) throws(CommandDecodingError) -> TemporalValidity {
        TemporalValidity(
            recordedAt: try fields.timestamp("recorded_at"), validFrom: try fields.optionalDate("valid_from"),
            validUntil: try fields.optionalDate("valid_until"))
    }
}

extension Provenance {
    static let sourceTags = ["SelfReported", "Measured", "DocumentVerified", "Computed", "Imported"]

    /// `{source, confidence, recorded_by?, trace}`; each trace entry keeps its source text.
    static func decode(_ fields: JSONFields, strict: Bool) throws(CommandDecodingError) -> Provenance {
        let source = try decodeSource(try fields.required("source"), at: fields.path("source"))
        let confidence = try fields.variant("confidence", as: ConfidenceLevel.self)
        let recordedBy = try fields.optionalString("recorded_by")
        let traceNode = try fields.required("trace")
        guard traceNode.kind == .array else { throw .invalid(fields.path("trace"), "expected an array, found \(traceNode.kindName)") }
        var trace: [String] = []
        for (position, entry) in traceNode.elements.enumerated() {
            if strict { try checkTraceEntry(entry, at: "\(fields.path("trace"))[\(position)]") }
            trace.append(entry.rawText)
        }
        return Provenance(source: source, confidence: confidence, recordedBy: recordedBy, trace: trace)
    }

    /// A `TransformationTrace`: `{transformation, applied_at, applied_by}`.
    private static func checkTraceEntry(_ entry: JSONNode, at path: String) throws(CommandDecodingError) {
        let fields = try JSONFields(entry, at: path)
        _ = try fields.string("transformation")
        _ = try fields.timestamp("applied_at")
        _ = try fields.string("applied_by")
    }

    private static func decodeSource(_ node: JSONNode, at path: @autoclosure () -> String) throws(CommandDecodingError) -> AttributeSource {
        if node.isString {
            switch node.decodedString() {
            case "SelfReported": return .selfReported
            case "Measured": return .measured
            case "DocumentVerified": return .documentVerified
            case "Computed": return .computed
            case let other: throw PersonVariants.unknown(other, at: path(), expected: sourceTags)
            }
        }
        let (tag, value) = try node.tagged(at: path())
        guard tag == "Imported" else { throw PersonVariants.unknown(tag, at: path(), expected: ["Imported"]) }
        return .imported(system: try JSONFields(value, at: path() + ".Imported").string("system"))
    }

    /// Writes the fields in the contract's order; trace entries verbatim.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.writeKey("source")
        switch source {
        case .selfReported: writer.writeString("SelfReported")
        case .measured: writer.writeString("Measured")
        case .documentVerified: writer.writeString("DocumentVerified")
        case .computed: writer.writeString("Computed")
        case .imported(let system):
            writer.beginObject()
            writer.writeKey("Imported")
            writer.beginObject()
            writer.writeField("system", system)
            writer.endObject()
            writer.endObject()
        }
        writer.writeField("confidence", confidence.rawValue)
        writer.writeField("recorded_by", recordedBy)
        writer.writeKey("trace")
        writer.beginArray()
        for entry in trace { writer.writeRaw(entry) }
        writer.endArray()
        writer.endObject()
    }
}

extension JSONFields {
    func attribute(_ key: StaticString, strict: Bool) throws(CommandDecodingError) -> PersonAttribute {
        try PersonAttribute.decode(try object(key), strict: strict)
    }
}

extension JSONWriter {
    mutating func writeField(_ key: StaticString, _ attribute: PersonAttribute) {
        writeKey(key)
        attribute.write(to: &self)
    }
}
