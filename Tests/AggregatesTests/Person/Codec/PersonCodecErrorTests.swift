import Aggregates
import Testing

@Suite struct PersonCodecErrorTests {
    typealias C = CodecFixture

    /// The code and field of the decoding error for `json`.
    static func refusal(_ json: String) -> (CommandDecodingError.Code, String?)? {
        C.failure(json).map { ($0.code, $0.field) }
    }

    @Test func aMissingListOfTheNameIsNamedByItsPath() {
        let json = C.createPersonExample.replacing(#""prefixes":[],"#, with: "")
        let error = C.failure(json)
        #expect(error?.code == .missingField)
        #expect(error?.field == "CreatePerson.name.components.prefixes")
        #expect(error?.message.contains("prefixes") == true)
    }

    @Test(arguments: [
        (C.createPersonExample.replacing("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", with: "not-a-uuid"), "CreatePerson.person_id.id"),
        (C.command("SetBirthDate", #""birth_date":"1815-12-10""#, id: #""0193a1b2c3d47e5f8a9b0c1d2e3f4a5b""#), "SetBirthDate.person_id"),
        (C.command("SetBirthDate", #""birth_date":"1815-12-10""#, id: "42"), "SetBirthDate.person_id"),
        (C.command("SetBirthDate", #""birth_date":"1815-02-30""#), "SetBirthDate.birth_date"),
        (C.command("SetBirthDate", #""birth_date":"10/12/1815""#), "SetBirthDate.birth_date"),
        (C.command("RecordDeath", #""date_of_death":18521127"#), "RecordDeath.date_of_death"),
        (C.recordAttribute().replacing("2025-11-09T19:00:00Z", with: "2025-11-09T19:00:00"), "RecordAttribute.attribute.temporal.recorded_at"),
        (C.command("DeactivatePerson", #""reason":null"#), "DeactivatePerson.reason"),
        (C.command("DeactivatePerson", #""reason":7"#), "DeactivatePerson.reason"),
        (#"{"CreatePerson":1}"#, "CreatePerson"),
        (C.createPersonExample.replacing(#"["Ada"]"#, with: "[1]"), "CreatePerson.name.components.given_names[0]"),
        (C.createPersonExample.replacing(#""patronymic":null"#, with: #""patronymic":[]"#), "CreatePerson.name.components.patronymic"),
        (C.createPersonExample.replacing("Western", with: "Klingon"), "CreatePerson.name.naming_convention"),
        (#"{"MergePersons":{"source_person_id":"\#(C.ada)","target_person_id":"\#(C.bob)","merge_reason":"Whim"}}"#, "MergePersons.merge_reason"),
        (C.recordAttribute(type: #"{"Physical":"EyeColor"}"#), "RecordAttribute.attribute.attribute_type.Physical"),
        (C.recordAttribute(type: #"{"Genetic":"X"}"#), "RecordAttribute.attribute.attribute_type"),
        (C.recordAttribute(type: #"{"Physical":"Height","Healthcare":"BloodType"}"#), "RecordAttribute.attribute.attribute_type"),
        (C.recordAttribute(type: #""Height""#), "RecordAttribute.attribute.attribute_type"),
        (C.recordAttribute(value: #"{"Colour":"red"}"#), "RecordAttribute.attribute.value"),
        (C.recordAttribute(value: #"{"BloodType":"Z"}"#), "RecordAttribute.attribute.value.BloodType"),
        (C.recordAttribute(value: #"{"YearMonth":[2020]}"#), "RecordAttribute.attribute.value.YearMonth"),
        (C.recordAttribute(value: #"{"YearMonth":[2020,-1]}"#), "RecordAttribute.attribute.value.YearMonth[1]"),
        (C.recordAttribute(value: #"{"Year":2147483648}"#), "RecordAttribute.attribute.value.Year"),
        (C.recordAttribute(value: #"{"Integer":1.5}"#), "RecordAttribute.attribute.value.Integer"),
        (C.recordAttribute(value: #"{"Integer":9223372036854775808}"#), "RecordAttribute.attribute.value.Integer"),
        (C.recordAttribute(value: #"{"Number":1e400}"#), "RecordAttribute.attribute.value.Number"),
        (C.recordAttribute(value: #"{"Length":"tall"}"#), "RecordAttribute.attribute.value.Length"),
        (C.recordAttribute(value: #"{"DateTime":"2025-11-09"}"#), "RecordAttribute.attribute.value.DateTime"),
        (C.recordAttribute(value: #"{"ApproximateDate":{"date":"1852-11-27","precision":"Eon"}}"#), "RecordAttribute.attribute.value.ApproximateDate.precision"),
        (C.recordAttribute(value: #"{"PersonReference":{"id":"x"}}"#), "RecordAttribute.attribute.value.PersonReference.id"),
        (C.recordAttribute(value: #"{"TextList":["a",null]}"#), "RecordAttribute.attribute.value.TextList[1]"),
        (C.recordAttribute(provenance: #"{"source":"Guessed","confidence":"Certain","trace":[]}"#), "RecordAttribute.attribute.provenance.source"),
        (C.recordAttribute(provenance: #"{"source":"Measured","confidence":"Sure","trace":[]}"#), "RecordAttribute.attribute.provenance.confidence"),
        (C.recordAttribute(provenance: #"{"source":"Measured","confidence":"Certain","trace":{}}"#), "RecordAttribute.attribute.provenance.trace"),
        (C.recordAttribute(provenance: #"{"source":"Measured","confidence":"Certain","trace":[{"transformation":"t","applied_at":"2025-11-09T19:00:00Z","applied_by":1}]}"#),
         "RecordAttribute.attribute.provenance.trace[0].applied_by"),
    ])
    func invalidFieldsAreNamedByTheirPath(json: String, field: String) {
        let error = C.failure(json)
        #expect(error?.code == .invalidField, "\(json)")
        #expect(error?.field == field, "\(json)")
    }

    @Test(arguments: [
        (C.createPersonExample.replacing(#"{"id":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}"#, with: "{}"), "CreatePerson.person_id.id"),
        (C.createPersonExample.replacing(#","source":"api""#, with: ""), "CreatePerson.source"),
        (C.command("UpdateAttribute", #""attribute_type":{"Physical":"Height"}"#), "UpdateAttribute.new_attribute"),
        (C.recordAttribute(provenance: #"{"source":"Measured","confidence":"Certain"}"#), "RecordAttribute.attribute.provenance.trace"),
        (C.recordAttribute(provenance: #"{"source":"Measured","confidence":"Certain","trace":[{"transformation":"t","applied_by":"x"}]}"#),
         "RecordAttribute.attribute.provenance.trace[0].applied_at"),
        (#"{"MergePersons":{"source_person_id":"\#(C.ada)","merge_reason":"UserRequested"}}"#, "MergePersons.target_person_id"),
        (C.recordAttribute(type: #"{"Custom":{"organization":"o","attribute_name":"n"}}"#), "RecordAttribute.attribute.attribute_type.Custom.category"),
        (C.recordAttribute(provenance: #"{"source":{"Imported":{}},"confidence":"Certain","trace":[]}"#), "RecordAttribute.attribute.provenance.source.Imported.system"),
    ])
    func missingFieldsAreNamedByTheirPath(json: String, field: String) {
        let error = C.failure(json)
        #expect(error?.code == .missingField, "\(json)")
        #expect(error?.field == field, "\(json)")
    }

    @Test func anUnknownTagIsAnUnknownCommandNamingIt() {
        let error = C.failure(#"{"DeletePerson":{"person_id":"\#(C.ada)"}}"#)
        #expect(error?.code == .unknownCommand)
        #expect(error?.message.contains("DeletePerson") == true)
        #expect(C.failure(#"{"DeletePerson":7}"#)?.code == .unknownCommand)
    }

    @Test(arguments: [
        #"{"CreatePerson":{},"UpdateName":{}}"#, "{}", "[]", #""CreatePerson""#, "null", "", "not json", "{\"CreatePerson\":",
        C.createPersonExample + " trailing", #"{"a":1,"a":2}"#,
    ])
    func anythingButOneTaggedObjectIsMalformed(json: String) {
        let error = C.failure(json)
        #expect(error?.code == .malformedJSON, "\(json)")
        #expect(error?.field == nil)
    }

    @Test func twoTagsAreNamedInTheMessage() {
        #expect(C.failure(#"{"CreatePerson":{},"UpdateName":{}}"#)?.message == "expected exactly one command tag, found 2: CreatePerson, UpdateName")
    }

    @Test func parseErrorsCarryTheirOffset() {
        #expect(C.failure("[1,,2]")?.message == "not JSON: byte 3: expected a value, found ','")
    }
}
