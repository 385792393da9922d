/// Location: plain-struct commands on `location.commands.<verb>`, the verb naming the command.
enum LocationCatalogue {
    static let location = "550e8400-e29b-41d4-a716-446655440000"
    /// Defined in the setup; the rules' cases act on it.
    static let defined = "550e8400-0000-41d4-a716-446655440000"
    static let unknown = "550e8400-ffff-41d4-a716-446655440000"
    static let parent = "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b"

    static func template(_ verb: String, _ fields: [TemplateField]) -> CommandTemplate {
        CommandTemplate(name: verb, subject: "location.commands.\(verb)", tag: nil, fields: [.required("location_id", "\"\(location)\"", .uuid)] + fields)
    }

    static let address = TemplateField.object("address", required: false, [
        .required("street", #""1 Main St""#), .optional("street2", #""Suite 4""#), .required("locality", #""Springfield""#),
        .required("region", #""IL""#), .required("country", #""US""#), .required("postal_code", #""62701""#),
    ])
    static let coordinates = TemplateField.object("coordinates", required: false, [
        .required("latitude", "39.78", .finite), .required("longitude", "-89.65", .finite),
        .optional("altitude", "180.5", .finite), .optional("coordinate_system", #""WGS84""#),
    ])
    static let reason = TemplateField.required("reason", #""because""#)

    static let templates = [
        template("define", [
            .required("name", #""HQ""#), .required("location_type", #""Physical""#, .variant(["Physical", "Virtual", "Logical", "Hybrid"])),
            address, coordinates, .optional("parent_id", "\"\(parent)\"", .uuid),
        ]),
        template("update", [.optional("name", #""Head Office""#), address, coordinates, reason]),
        template("set_parent", [.required("parent_id", "\"\(parent)\"", .uuid), reason]),
        template("remove_parent", [reason]),
        template("add_metadata", [.required("metadata", #"{"floor":"3"}"#), reason]),
        template("archive", [reason]),
    ]

    static func define(_ id: String, latitude: String = "39.78", name: String = "HQ", type: String = "Physical", extra: String = "") -> String {
        #"{"location_id":"\#(id)","name":"\#(name)","location_type":"\#(type)","coordinates":{"latitude":\#(latitude),"longitude":-89.65}\#(extra)}"#
    }

    static var explicit: [BadInput] {
        let define = templates[0].json
        return [
            BadInput("an unknown verb", subject: "location.commands.fly", define, code: "unknown_command", mentions: ["unknown command fly"]),
            BadInput("the verb in another case", subject: "location.commands.DEFINE", define, code: "unknown_command", mentions: ["DEFINE"]),
            BadInput("a token after the verb", subject: "location.commands.define.now", define, code: "unknown_command", mentions: ["location.commands.define.now"]),
            BadInput("a token before the verb", subject: "location.commands.extra.define", define, code: "unknown_command", mentions: ["location.commands.extra.define"]),
            BadInput("a query verb of another domain", subject: "location.commands.evaluate", define, code: "unknown_command", mentions: ["evaluate"]),
            BadInput("street and its alias street1 both", subject: "location.commands.define", define.replacing(#""street":"1 Main St""#, with: #""street":"1 Main St","street1":"2 Main St""#),
                     code: "invalid_field", field: "address.street1", mentions: ["not both"]),
            BadInput("a metadata value that is a number", subject: "location.commands.add_metadata", #"{"location_id":"\#(defined)","metadata":{"floor":3},"reason":"survey"}"#,
                     code: "invalid_field", field: "metadata.floor", mentions: ["expected a string"]),
            BadInput("a payload over the runtime's limit", subject: "location.commands.define", CommonBadInput.padded(define, to: DomainCatalogue.maxCommandBytes + 1),
                     code: "too_large", mentions: ["at most \(DomainCatalogue.maxCommandBytes) bytes"]),
            // Refused by the rules: typed, nothing stored.
            BadInput("a latitude out of range", subject: "location.commands.define", Self.define(location, latitude: "91"), code: "invalid", field: "coordinates.latitude",
                     mentions: ["atitude"]),
            BadInput("a physical location without address or coordinates", subject: "location.commands.define",
                     #"{"location_id":"\#(location)","name":"HQ","location_type":"Physical"}"#, code: "invalid", field: "address", mentions: ["address or coordinates"]),
            BadInput("coordinates on a virtual location", subject: "location.commands.define", Self.define(location, type: "Virtual"), code: "invalid", field: "coordinates",
                     mentions: ["Cannot set coordinates"]),
            BadInput("a blank name", subject: "location.commands.define", Self.define(location, name: " "), code: "invalid", field: "name", mentions: ["Name cannot be empty"]),
            BadInput("a second define of the same location", subject: "location.commands.define", Self.define(defined), code: "already_exists", field: "location_id", mentions: [defined]),
            BadInput("a parent never defined", subject: "location.commands.set_parent", #"{"location_id":"\#(defined)","parent_id":"\#(unknown)","reason":"moved"}"#,
                     code: "parent_not_found", field: "parent_id", mentions: [unknown]),
            BadInput("a location its own parent", subject: "location.commands.set_parent", #"{"location_id":"\#(defined)","parent_id":"\#(defined)","reason":"loop"}"#,
                     code: "parent_cycle", field: "parent_id", mentions: ["its own parent"]),
            BadInput("a blank reason", subject: "location.commands.archive", #"{"location_id":"\#(defined)","reason":""}"#, code: "empty_reason", field: "reason", mentions: ["Reason"]),
            BadInput("an update of a location never defined", subject: "location.commands.update", #"{"location_id":"\#(unknown)","name":"X","reason":"r"}"#,
                     code: "not_found", field: "location_id", mentions: [unknown]),
        ]
    }

    static let catalogue = DomainCatalogue(
        domain: "location", stream: "LOCATION_EVENTS",
        setup: [("location.commands.define", define(defined))],
        cases: CommonBadInput.cases(subject: "location.commands.define", valid: templates[0].json) + templates.flatMap(\.cases) + explicit,
        // Never under events.location.>: the stream captures it, and JetStream itself would answer.
        outside: ["location.commands", "location.command.define", "Location.commands.define", "location.define"],
        fresh: { ("location.commands.define", define(UUIDs.make())) })
}
