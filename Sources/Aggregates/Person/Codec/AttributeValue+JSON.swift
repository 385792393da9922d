extension AttributeValue {
    static let tags = [
        "Text", "Number", "Integer", "Boolean", "DateTime", "Date", "YearMonth", "Year", "ApproximateDate", "Length", "Mass",
        "BloodType", "EyeColor", "HairColor", "BiologicalSex", "Handedness", "LocationReference", "PersonReference",
        "TextList", "Json",
    ]
    static let int32Range = Int64(Int32.min)...Int64(Int32.max)
    static let uint32Range = Int64(0)...Int64(UInt32.max)

    /// The externally tagged value, e.g. `{"Length":1.75}`, `{"YearMonth":[2020,5]}`; `Json` keeps
    /// its value's source text.
    /// - Parameters:
    ///   - path: built only when a message needs it.
    ///   - strict: check enumerated values (blood type …) against the original's lists.
    static func decode(_ node: JSONNode, at path: @autoclosure () -> String, strict: Bool) throws(CommandDecodingError) -> AttributeValue {
        let (tag, value) = try node.tagged(at: path())
        func inner() -> String { path() + "." + tag }
        switch tag {
        case "Text": return .text(try value.string(at: inner()))
        case "Number": return .number(try value.double(at: inner()))
        case "Integer": return .integer(try value.int64(at: inner()))
        case "Boolean": return .boolean(try value.bool(at: inner()))
        case "DateTime": return .dateTime(try value.timestamp(at: inner()))
        case "Date": return .date(try value.date(at: inner()))
        case "YearMonth":
            guard value.kind == .array, value.count == 2 else {
                throw .invalid(inner(), "expected [year, month], found \(value.kind == .array ? "\(value.count) elements" : value.kindName)")
            }
            var elements = value.elements
            guard let year = elements.next(), let month = elements.next() else { throw .invalid(inner(), "expected [year, month]") }
            return .yearMonth(
                year: Int(try year.int64(at: inner() + "[0]", in: int32Range)),
                month: Int(try month.int64(at: inner() + "[1]", in: uint32Range)))
        case "Year": return .year(Int(try value.int64(at: inner(), in: int32Range)))
        case "ApproximateDate":
            let fields = try JSONFields(value, at: inner())
            return .approximateDate(
                date: try fields.date("date"),
                precision: try PersonVariants.name(
                    try fields.required("precision"), at: fields.path("precision"), in: PersonVariants.datePrecision, strict: strict))
        case "Length": return .length(try value.double(at: inner()))
        case "Mass": return .mass(try value.double(at: inner()))
        case "BloodType": return .bloodType(try PersonVariants.name(value, at: inner(), in: PersonVariants.bloodType, strict: strict))
        case "EyeColor": return .eyeColor(try PersonVariants.name(value, at: inner(), in: PersonVariants.eyeColor, strict: strict))
        case "HairColor": return .hairColor(try PersonVariants.name(value, at: inner(), in: PersonVariants.hairColor, strict: strict))
        case "BiologicalSex":
            return .biologicalSex(try PersonVariants.name(value, at: inner(), in: PersonVariants.biologicalSex, strict: strict))
        case "Handedness": return .handedness(try PersonVariants.name(value, at: inner(), in: PersonVariants.handedness, strict: strict))
        case "LocationReference": return .locationReference(try value.string(at: inner()))
        case "PersonReference": return .personReference(try PersonID.decode(value, at: inner()))
        case "TextList": return .textList(try value.strings(at: inner()))
        case "Json": return .json(value.rawText)
        default: throw PersonVariants.unknown(tag, at: path(), expected: tags)
        }
    }

    /// Writes `{"<Tag>":<value>}`; a `json` value is written verbatim.
    /// - Precondition: numbers are finite and `json` holds one valid JSON value.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        switch self {
        case .text(let text): writer.writeField("Text", text)
        case .number(let number): writer.writeKey("Number"); writer.writeDouble(number)
        case .integer(let integer): writer.writeKey("Integer"); writer.writeInt(integer)
        case .boolean(let flag): writer.writeKey("Boolean"); writer.writeBool(flag)
        case .dateTime(let timestamp): writer.writeField("DateTime", timestamp)
        case .date(let date): writer.writeField("Date", date)
        case .yearMonth(let year, let month):
            writer.writeKey("YearMonth")
            writer.beginArray()
            writer.writeInt(year)
            writer.writeInt(month)
            writer.endArray()
        case .year(let year): writer.writeField("Year", year)
        case .approximateDate(let date, let precision):
            writer.writeKey("ApproximateDate")
            writer.beginObject()
            writer.writeField("date", date)
            writer.writeField("precision", precision)
            writer.endObject()
        case .length(let metres): writer.writeKey("Length"); writer.writeDouble(metres)
        case .mass(let kilograms): writer.writeKey("Mass"); writer.writeDouble(kilograms)
        case .bloodType(let name): writer.writeField("BloodType", name)
        case .eyeColor(let name): writer.writeField("EyeColor", name)
        case .hairColor(let name): writer.writeField("HairColor", name)
        case .biologicalSex(let name): writer.writeField("BiologicalSex", name)
        case .handedness(let name): writer.writeField("Handedness", name)
        case .locationReference(let text): writer.writeField("LocationReference", text)
        case .personReference(let id): writer.writeField("PersonReference", id)
        case .textList(let texts): writer.writeField("TextList", texts)
        case .json(let json): writer.writeKey("Json"); writer.writeRaw(json)
        }
        writer.endObject()
    }
}
