import Aggregates
import FuzzSupport

/// Reads every string and number of `value` as the domains' scalar readers would, and checks
/// that what they accept is written back to text that reads as the same scalar.
func checkScalars(in value: JSONValue) {
    switch value {
    case .null, .bool:
        return
    case .number(let number):
        checkNumber(number)
    case .string(let text):
        checkString(text)
    case .array(let elements):
        for element in elements { checkScalars(in: element) }
    case .object(let members):
        for member in members {
            checkString(member.key)
            checkScalars(in: member.value)
        }
    }
}

func checkNumber(_ number: JSONNumber) {
    if JSONNumber(number.text) == nil { invariantBroken("the parser accepted the number \(number.text) that JSONNumber refuses") }
    if let integer = number.int64, JSONNumber(integer).int64 != integer {
        invariantBroken("the integer \(integer) does not survive JSONNumber")
    }
    if let double = number.double {
        guard let shortest = JSONNumber(double) else { invariantBroken("the finite double of \(number.text) has no JSONNumber") }
        if shortest.double != double { invariantBroken("\(number.text) reads as \(double), written as \(shortest.text) reads as \(String(describing: shortest.double))") }
        if JSONNumber(shortest.text) == nil { invariantBroken("the shortest text \(shortest.text) of \(number.text) is not a JSON number") }
    }
}

func checkString(_ text: String) {
    if let timestamp = Timestamp(rfc3339: text), Timestamp(rfc3339: timestamp.rfc3339) != timestamp {
        invariantBroken("the timestamp \(text) is written as \(timestamp.rfc3339), which reads back as another time")
    }
    if let date = CalendarDate(iso8601: text), CalendarDate(iso8601: date.iso8601) != date {
        invariantBroken("the date \(text) is written as \(date.iso8601), which reads back as another date")
    }
    if let uuid = CanonicalUUID(text: text), CanonicalUUID(text: uuid.text) != uuid {
        invariantBroken("the UUID \(text) is written as \(uuid.text), which reads back as another UUID")
    }
}
