/// `attribute_type`: `{"Identifying"|"Physical"|"Healthcare"|"Demographic": "<Variant>"}` or `Custom`.
/// The variant names are carried as text; the full lists live in the original's
/// src/value_objects/person_attribute.rs and are checked by the codec, not here.
public enum AttributeType: Hashable, Sendable {
    case identifying(String)
    case physical(String)
    case healthcare(String)
    case demographic(String)
    case custom(CustomAttributeType)
}

/// `{"Custom":{organization, attribute_name, category}}`.
public struct CustomAttributeType: Hashable, Sendable {
    public var organization: String
    public var attributeName: String
    public var category: String

    public init(organization: String, attributeName: String, category: String) {
        self.organization = organization
        self.attributeName = attributeName
        self.category = category
    }
}
