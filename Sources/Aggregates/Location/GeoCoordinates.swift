/// A point on the earth: decimal degrees, an optional altitude in metres, and the coordinate
/// system (conventionally `WGS84`).
public struct GeoCoordinates: Hashable, Sendable {
    public var latitude: Double
    public var longitude: Double
    public var altitude: Double?
    public var coordinateSystem: String

    public init(latitude: Double, longitude: Double, altitude: Double? = nil, coordinateSystem: String = "WGS84") {
        self.latitude = latitude
        self.longitude = longitude
        self.altitude = altitude
        self.coordinateSystem = coordinateSystem
    }

    /// The first field out of range, with the original's sentence; `nil` when valid. Latitude is
    /// in [-90, 90], longitude in [-180, 180] (NaN is in neither), the altitude finite, the system named.
    public var invalidField: (field: String, message: String)? {
        if !(-90.0...90.0).contains(latitude) { return ("latitude", "Latitude \(latitude) is out of range [-90, 90]") }
        if !(-180.0...180.0).contains(longitude) { return ("longitude", "Longitude \(longitude) is out of range [-180, 180]") }
        if let altitude, !altitude.isFinite { return ("altitude", "Altitude \(altitude) is not a finite number") }
        if coordinateSystem.isBlank { return ("coordinate_system", "Coordinate system cannot be empty") }
        return nil
    }
}
