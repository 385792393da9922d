/// A postal address. The seed's commands name the first line `street`; the original's struct
/// named it `street1` (the codec reads both, writes `street`).
public struct Address: Hashable, Sendable {
    public var street: String
    public var street2: String?
    public var locality: String
    public var region: String
    public var country: String
    public var postalCode: String

    public init(street: String, street2: String? = nil, locality: String, region: String, country: String, postalCode: String) {
        self.street = street
        self.street2 = street2
        self.locality = locality
        self.region = region
        self.country = country
        self.postalCode = postalCode
    }

    /// The first required field that is empty or blank, as the contract names it, with the
    /// original's sentence; `nil` when the address is complete. `street2` is optional and unchecked.
    public var blankField: (field: String, message: String)? {
        if street.isBlank { return ("street", "Street address cannot be empty") }
        if locality.isBlank { return ("locality", "Locality cannot be empty") }
        if region.isBlank { return ("region", "Region cannot be empty") }
        if country.isBlank { return ("country", "Country cannot be empty") }
        if postalCode.isBlank { return ("postal_code", "Postal code cannot be empty") }
        return nil
    }
}
