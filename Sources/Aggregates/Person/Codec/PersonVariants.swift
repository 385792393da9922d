/// The unit variants of the original's enums (src/value_objects/person_attribute.rs) that the
/// domain carries as text. Commands are checked against them; stored events and snapshots are
/// read back as written, so a fact is never refused on the way in from the store.
enum PersonVariants {
    static let identifying = [
        "BirthDateTime", "BirthDate", "BirthYear", "ApproximateBirthDate", "BirthPlace", "EyeColor", "BiologicalSex",
        "BloodType", "MotherId", "FatherId", "NationalId",
    ]
    static let physical = [
        "Height", "Weight", "HairColor", "HairStyle", "FacialHair", "Scars", "Birthmarks", "Tattoos", "Piercings", "Handedness",
    ]
    static let healthcare = [
        "BloodType", "Allergies", "ChronicConditions", "Medications", "Disabilities", "VisionCorrection", "HearingAids",
        "MedicalRecordNumber", "InsuranceId", "OrganDonor",
    ]
    static let demographic = [
        "PreferredLanguage", "PrimaryLanguage", "SpokenLanguages", "Citizenship", "Nationality", "Ethnicity", "Religion",
    ]
    static let datePrecision = ["Exact", "Month", "Year", "Decade", "Century"]
    static let bloodType = ["APositive", "ANegative", "BPositive", "BNegative", "ABPositive", "ABNegative", "OPositive", "ONegative"]
    static let eyeColor = ["Brown", "Blue", "Green", "Hazel", "Gray", "Amber", "Heterochromia"]
    static let hairColor = ["Black", "Brown", "Blonde", "Red", "Gray", "White", "Dyed"]
    static let biologicalSex = ["Male", "Female", "Intersex"]
    static let handedness = ["Right", "Left", "Ambidextrous"]

    /// A variant name; with `strict`, it must be one of `names`.
    /// - Throws: `.invalidField` at `path` for a non-string, or (strict) an unknown name.
    static func name(
        _ node: JSONNode, at path: @autoclosure () -> String, in names: [String], strict: Bool
    ) throws(CommandDecodingError) -> String {
        let text = try node.string(at: path())
        guard !strict || names.contains(text) else { throw unknown(text, at: path(), expected: names) }
        return text
    }

    static func unknown(_ name: String, at path: String, expected names: [String]) -> CommandDecodingError {
        .invalid(path, "unknown variant \(name); expected one of \(names.joined(separator: ", "))")
    }
}
