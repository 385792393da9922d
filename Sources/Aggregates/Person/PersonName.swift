/// A person's name as the contract spells it: components, an optional preferred form, a convention.
public struct PersonName: Hashable, Sendable {
    public var components: NameComponents
    public var preferredForm: String?
    public var namingConvention: NamingConvention

    public init(components: NameComponents, preferredForm: String? = nil, namingConvention: NamingConvention = .western) {
        self.components = components
        self.preferredForm = preferredForm
        self.namingConvention = namingConvention
    }

    /// True when no part of the name holds a non-blank character.
    public var isBlank: Bool {
        // Part by part: joining the lists first allocated on every command that carries a name.
        let c = components
        return c.givenNames.allSatisfy(\.isBlank) && c.familyNames.allSatisfy(\.isBlank) && c.prefixes.allSatisfy(\.isBlank)
            && c.suffixes.allSatisfy(\.isBlank) && (c.patronymic?.isBlank ?? true) && (c.matronymic?.isBlank ?? true)
            && (preferredForm?.isBlank ?? true)
    }
}

/// The parts of a name; every list is required in JSON, the two options may be absent.
public struct NameComponents: Hashable, Sendable {
    public var givenNames: [String]
    public var familyNames: [String]
    public var patronymic: String?
    public var matronymic: String?
    public var prefixes: [String]
    public var suffixes: [String]

    public init(
        givenNames: [String], familyNames: [String], patronymic: String? = nil, matronymic: String? = nil,
        prefixes: [String] = [], suffixes: [String] = []
    ) {
        self.givenNames = givenNames
        self.familyNames = familyNames
        self.patronymic = patronymic
        self.matronymic = matronymic
        self.prefixes = prefixes
        self.suffixes = suffixes
    }
}

/// `naming_convention`: how the components are ordered and read.
public enum NamingConvention: String, Hashable, Sendable, CaseIterable {
    case western = "Western"
    case spanish = "Spanish"
    case eastAsian = "EastAsian"
    case patronymic = "Patronymic"
    case mononymic = "Mononymic"
    case other = "Other"
}

extension String {
    /// True when the string holds only whitespace (or nothing).
    var isBlank: Bool {
        // The common case without walking characters: it starts with printable ASCII, not a space.
        if let first = utf8.first, first > 0x20, first < 0x7F { return false }
        return allSatisfy(\.isWhitespace)
    }
}
