/// `value`: externally tagged in JSON, one case per tag of the contract.
/// Enumerated physical values (blood type, eye colour …) are carried as their variant name.
public enum AttributeValue: Hashable, Sendable {
    case text(String)
    case number(Double)
    case integer(Int64)
    case boolean(Bool)
    case dateTime(Timestamp)
    case date(CalendarDate)
    case yearMonth(year: Int, month: Int)
    case year(Int)
    case approximateDate(date: CalendarDate, precision: String)
    /// Metres.
    case length(Double)
    /// Kilograms.
    case mass(Double)
    case bloodType(String)
    case eyeColor(String)
    case hairColor(String)
    case biologicalSex(String)
    case handedness(String)
    case locationReference(String)
    case personReference(PersonID)
    case textList([String])
    /// Raw JSON text, passed through unchanged.
    case json(String)
}
