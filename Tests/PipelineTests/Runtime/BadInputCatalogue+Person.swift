import Foundation

/// One domain's catalogue and what its test needs around it.
struct DomainCatalogue: Sendable {
    var domain: String
    var stream: String
    /// Subscribed besides `<domain>.commands.>` (Agent's per-agent subjects).
    var extraSubjects: [String] = []
    /// Valid commands sent first (answered with success), which some cases refer to.
    var setup: [(subject: String, json: String)] = []
    var cases: [BadInput]
    /// Subjects no subscription of the service covers: a request there gets "no responders".
    var outside: [String]
    /// A new valid command (a fresh id each call), sent last: the service still serves.
    var fresh: @Sendable () -> (subject: String, json: String)

    /// The limits the test runs with: the runtime refuses commands over `maxCommandBytes`
    /// itself; the server's `max_payload` (larger) bounds requests and the events stored.
    static let maxCommandBytes = 16 * 1024
    static let serverMaxPayload = 24 * 1024
}

/// Person: externally tagged commands on `person.commands.>` (the subject's tail is free, as in
/// the original: README "The command subject's last token is free").
enum PersonCatalogue {
    static let subject = "person.commands.create"
    static let id = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
    /// Created in the setup with a long name (see `eventOverMaxPayload`).
    static let longNamed = "0193a1b2-0000-7e5f-8a9b-0c1d2e3f4a5b"
    static let unknown = "0193a1b2-ffff-7e5f-8a9b-0c1d2e3f4a5b"

    static func personID(_ key: String = "person_id", _ id: String = id) -> TemplateField {
        .object(key, [.required("id", "\"\(id)\"", .uuid)])
    }

    static let name = TemplateField.object("name", [
        .object("components", [
            .required("given_names", #"["Ada"]"#), .required("family_names", #"["Lovelace"]"#),
            .optional("patronymic", #""Byronovna""#), .optional("matronymic", #""Milbanke""#),
            .required("prefixes", "[]"), .required("suffixes", "[]"),
        ]),
        .optional("preferred_form", #""Ada Lovelace""#),
        .required("naming_convention", #""Western""#, .variant(["Western", "Spanish", "EastAsian", "Patronymic", "Mononymic", "Other"])),
    ])

    static func attribute(_ key: String) -> TemplateField {
        .object(key, [
            .required("attribute_type", #"{"Physical":"Height"}"#),
            .required("value", #"{"Length":1.65}"#),
            .object("temporal", [
                .required("recorded_at", #""2025-11-09T19:00:00Z""#, .timestamp),
                .optional("valid_from", #""2020-01-01""#, .date), .optional("valid_until", #""2030-01-01""#, .date),
            ]),
            .object("provenance", [
                .required("source", #""Measured""#), .required("confidence", #""Certain""#, .variant(["Certain", "Likely", "Possible", "Uncertain"])),
                .optional("recorded_by", #""nurse""#), .required("trace", "[]"),
            ]),
        ])
    }

    static func template(_ tag: String, _ fields: [TemplateField]) -> CommandTemplate {
        CommandTemplate(name: tag, subject: subject, tag: tag, fields: fields)
    }

    static let templates = [
        template("CreatePerson", [personID(), name, .required("source", #""api""#)]),
        template("UpdateName", [personID(), name, .optional("reason", #""married""#)]),
        template("SetBirthDate", [personID(), .required("birth_date", #""1815-12-10""#, .date)]),
        template("RecordDeath", [personID(), .required("date_of_death", #""1852-11-27""#, .date)]),
        template("DeactivatePerson", [personID(), .required("reason", #""left""#)]),
        template("ReactivatePerson", [personID(), .required("reason", #""back""#)]),
        template("MergePersons", [
            personID("source_person_id"), personID("target_person_id", unknown),
            .required("merge_reason", #""DuplicateIdentity""#, .variant(["DuplicateIdentity", "DataQualityIssue", "UserRequested", "PolicyDetermined"])),
        ]),
        template("ArchivePerson", [personID(), .required("reason", #""old""#)]),
        template("RecordAttribute", [personID(), attribute("attribute")]),
        template("UpdateAttribute", [personID(), .required("attribute_type", #"{"Physical":"Height"}"#), attribute("new_attribute")]),
        template("InvalidateAttribute", [personID(), .required("attribute_type", #"{"Physical":"Height"}"#), .optional("reason", #""wrong""#)]),
    ]

    static var valid: String { templates[0].json }

    static func create(_ id: String, given: String = "Ada") -> String {
        #"{"CreatePerson":{"person_id":{"id":"\#(id)"},"name":{"components":{"given_names":["\#(given)"],"family_names":["Lovelace"],"prefixes":[],"suffixes":[]},"naming_convention":"Western"},"source":"api"}}"#
    }

    static func updateName(_ id: String, given: String) -> String {
        #"{"UpdateName":{"person_id":{"id":"\#(id)"},"name":{"components":{"given_names":["\#(given)"],"family_names":["Lovelace"],"prefixes":[],"suffixes":[]},"naming_convention":"Western"}}}"#
    }

    static let longName = String(repeating: "a", count: 13 * 1024)

    /// Shapes, tags and values the templates do not derive, subjects, sizes, and refusals by the rules.
    static var explicit: [BadInput] {
        let s = subject
        let createTemplate = templates[0]
        let attribute = attribute("attribute").json
        func record(_ value: String) -> String {
            #"{"RecordAttribute":{"person_id":{"id":"\#(id)"},"attribute":\#(attribute.replacing(#"{"Length":1.65}"#, with: value))}}"#
        }
        func recordType(_ type: String) -> String {
            #"{"RecordAttribute":{"person_id":{"id":"\#(id)"},"attribute":\#(attribute.replacing(#"{"Physical":"Height"}"#, with: type))}}"#
        }
        let valuePath = "RecordAttribute.attribute.value"
        return [
            BadInput("an unknown command tag", subject: s, #"{"FlyPerson":{"person_id":{"id":"\#(id)"}}}"#, code: "unknown_command", mentions: ["unknown command FlyPerson"]),
            BadInput("a command tag in another case", subject: s, createTemplate.json.replacing("CreatePerson", with: "createPerson"), code: "unknown_command", mentions: ["createPerson"]),
            BadInput("two command tags in one object", subject: s, "{" + createTemplate.json.dropFirst().dropLast() + "," + templates[4].json.dropFirst(), code: "malformed_json",
                     mentions: ["exactly one command tag, found 2", "CreatePerson", "DeactivatePerson"]),
            BadInput("an empty object", subject: s, "{}", code: "malformed_json", mentions: ["exactly one command tag, found 0"]),
            BadInput("the command's body is a string", subject: s, #"{"CreatePerson":"Ada"}"#, code: "invalid_field", field: "CreatePerson", mentions: ["expected an object"]),
            BadInput("the command's body is null", subject: s, #"{"CreatePerson":null}"#, code: "invalid_field", field: "CreatePerson", mentions: ["expected an object"]),
            BadInput("a name list holding a number", subject: s, createTemplate.json.replacing(#"["Ada"]"#, with: "[42]"), code: "invalid_field",
                     field: "CreatePerson.name.components.given_names[0]", mentions: ["expected a string"]),
            BadInput("an unknown attribute value tag", subject: s, record(#"{"Colour":"red"}"#), code: "invalid_field", field: valuePath, mentions: ["unknown variant Colour"]),
            BadInput("an attribute value with two tags", subject: s, record(#"{"Length":1.65,"Mass":60}"#), code: "invalid_field", field: valuePath, mentions: ["exactly one tag"]),
            BadInput("a year out of range", subject: s, record(#"{"Year":3000000000}"#), code: "invalid_field", field: valuePath + ".Year", mentions: ["expected an integer"]),
            BadInput("a month out of range", subject: s, record(#"{"YearMonth":[2020,-1]}"#), code: "invalid_field", field: valuePath + ".YearMonth[1]", mentions: ["expected an integer"]),
            BadInput("a year-month of one element", subject: s, record(#"{"YearMonth":[2020]}"#), code: "invalid_field", field: valuePath + ".YearMonth", mentions: ["[year, month]"]),
            BadInput("a length too large for a double", subject: s, record(#"{"Length":1e999}"#), code: "invalid_field", field: valuePath + ".Length", mentions: ["out of range"]),
            BadInput("an unknown blood type", subject: s, record(#"{"BloodType":"Purple"}"#), code: "invalid_field", field: valuePath + ".BloodType", mentions: ["unknown variant Purple"]),
            BadInput("a person reference that is no UUID", subject: s, record(#"{"PersonReference":{"id":"x"}}"#), code: "invalid_field",
                     field: valuePath + ".PersonReference.id", mentions: ["UUID"]),
            BadInput("an unknown attribute category", subject: s, recordType(#"{"Astral":"Height"}"#), code: "invalid_field",
                     field: "RecordAttribute.attribute.attribute_type", mentions: ["unknown variant Astral"]),
            BadInput("an unknown physical attribute", subject: s, recordType(#"{"Physical":"Wingspan"}"#), code: "invalid_field",
                     field: "RecordAttribute.attribute.attribute_type.Physical", mentions: ["unknown variant Wingspan"]),
            BadInput("a bare UUID that is not one", subject: s, createTemplate.json.replacing(#"{"id":"\#(id)"}"#, with: #""\#(id)x""#), code: "invalid_field",
                     field: "CreatePerson.person_id", mentions: ["UUID"]),
            BadInput("a payload over the runtime's limit", subject: s, CommonBadInput.padded(createTemplate.json, to: DomainCatalogue.maxCommandBytes + 1), code: "too_large",
                     mentions: ["at most \(DomainCatalogue.maxCommandBytes) bytes"]),
            // Refused by the rules, after the aggregate was read: typed, and nothing stored.
            BadInput("a rename of a person never created", subject: s, updateName(unknown, given: "Grace"), code: "not_found", field: "person_id", mentions: [unknown]),
            BadInput("a second create of the same person", subject: s, create(longNamed), code: "already_exists", field: "person_id", mentions: [longNamed]),
            BadInput("a merge of a person into itself", subject: s,
                     #"{"MergePersons":{"source_person_id":{"id":"\#(longNamed)"},"target_person_id":{"id":"\#(longNamed)"},"merge_reason":"DuplicateIdentity"}}"#,
                     code: "invalid", field: "target_person_id", mentions: ["merged into itself"]),
            BadInput("a blank deactivation reason", subject: s, #"{"DeactivatePerson":{"person_id":{"id":"\#(longNamed)"},"reason":"  "}}"#,
                     code: "empty_reason", field: "reason", mentions: ["reason is empty"]),
            // Within the runtime's limit, but its event (old and new name) is over the server's max_payload.
            BadInput("a rename whose event is over the server's max_payload", subject: s, updateName(longNamed, given: String(repeating: "b", count: 13 * 1024)),
                     code: "too_large", mentions: ["too large", "max_payload of \(DomainCatalogue.serverMaxPayload)"]),
        ]
    }

    static let catalogue = DomainCatalogue(
        domain: "person", stream: "PERSON_EVENTS",
        setup: [(subject, create(longNamed, given: longName))],
        cases: CommonBadInput.cases(subject: subject, valid: valid) + templates.flatMap(\.cases) + explicit,
        // The subscription is person.commands.>: no tail, another prefix or another case is outside it.
        outside: ["person.commands", "person.command.create", "PERSON.commands.create", "person.create"],
        fresh: { (subject, create(UUIDs.make())) })
}
