import Aggregates
import Testing

@Suite struct PersonCodecCommandTests {
    typealias C = CodecFixture
    typealias F = Fixture

    @Test func decodesTheReferenceExample() throws {
        let issued = try C.decode(C.createPersonExample).get()
        #expect(issued == F.issued(.createPerson(personID: F.ada, name: F.lovelace, source: "api")))
        #expect(issued.metadata == C.metadata)
        #expect(C.codec.commandName(issued) == "CreatePerson")
        #expect(C.codec.domain == "person")
    }

    @Test func acceptsABareUUIDAsThePersonIDAlias() {
        let seed = #"{"CreatePerson": {"person_id": "0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B", "name": \#(C.lovelaceJSON), "source": "api"}}"#
        #expect(C.command(seed) == .createPerson(personID: F.ada, name: F.lovelace, source: "api"))
    }

    @Test func optionsMayBeAbsentOrNullAndUnknownFieldsAreIgnored() {
        let sparse = #"{"components":{"given_names":["Ada"],"family_names":["Lovelace"],"prefixes":[],"suffixes":[]},"#
            + #""naming_convention":"Western","nickname":"x"}"#
        let json = C.command("UpdateName", #""name":\#(sparse),"extra":[1,{"a":2}]"#)
        #expect(C.command(json) == .updateName(personID: F.ada, name: F.lovelace, reason: nil))
        let full = #"{"components":{"given_names":["Ana","María"],"family_names":["Ruiz","Picasso"],"patronymic":"P","matronymic":"M","#
            + #""prefixes":["de"],"suffixes":["Jr."]},"preferred_form":"Anita","naming_convention":"Spanish"}"#
        let name = PersonName(
            components: NameComponents(
                givenNames: ["Ana", "María"], familyNames: ["Ruiz", "Picasso"], patronymic: "P", matronymic: "M", prefixes: ["de"],
                suffixes: ["Jr."]),
            preferredForm: "Anita", namingConvention: .spanish)
        #expect(C.command(C.command("UpdateName", #""name":\#(full),"reason":"married""#)) == .updateName(personID: F.ada, name: name, reason: "married"))
    }

    @Test func decodesEveryCommand() {
        let height = F.tall()
        let table: [(String, PersonCommand)] = [
            (C.createPersonExample, .createPerson(personID: F.ada, name: F.lovelace, source: "api")),
            (C.command("UpdateName", #""name":\#(C.lovelaceJSON),"reason":null"#), .updateName(personID: F.ada, name: F.lovelace, reason: nil)),
            (C.command("SetBirthDate", #""birth_date":"1815-12-10""#), .setBirthDate(personID: F.ada, birthDate: F.born)),
            (C.command("RecordDeath", #""date_of_death":"1852-11-27""#), .recordDeath(personID: F.ada, dateOfDeath: F.died)),
            (C.command("DeactivatePerson", #""reason":"left""#), .deactivatePerson(personID: F.ada, reason: "left")),
            (C.command("ReactivatePerson", #""reason":"back""#), .reactivatePerson(personID: F.ada, reason: "back")),
            (#"{"MergePersons":{"source_person_id":{"id":"\#(C.ada)"},"target_person_id":"\#(C.bob)","merge_reason":"DataQualityIssue"}}"#,
             .mergePersons(sourcePersonID: F.ada, targetPersonID: F.bob, mergeReason: .dataQualityIssue)),
            (C.command("ArchivePerson", #""reason":"old""#), .archivePerson(personID: F.ada, reason: "old")),
            (C.recordAttribute(), .recordAttribute(personID: F.ada, attribute: height)),
            (C.command("UpdateAttribute", #""attribute_type":{"Physical":"Height"},"new_attribute":\#(C.heightJSON)"#),
             .updateAttribute(personID: F.ada, attributeType: F.height, newAttribute: height)),
            (C.command("InvalidateAttribute", #""attribute_type":{"Physical":"Height"},"reason":"wrong""#),
             .invalidateAttribute(personID: F.ada, attributeType: F.height, reason: "wrong")),
            (C.command("InvalidateAttribute", #""attribute_type":{"Custom":{"organization":"o","attribute_name":"n","category":"c"}}"#),
             .invalidateAttribute(
                personID: F.ada, attributeType: .custom(CustomAttributeType(organization: "o", attributeName: "n", category: "c")), reason: nil)),
        ]
        for (json, expected) in table {
            #expect(C.command(json) == expected, "\(json)")
        }
        #expect(Set(table.map(\.1.typeName)).count == 11)
    }

    @Test func decodesEveryMergeReason() {
        for reason in MergeReason.allCases {
            let json = #"{"MergePersons":{"source_person_id":"\#(C.ada)","target_person_id":"\#(C.bob)","merge_reason":"\#(reason.rawValue)"}}"#
            #expect(C.command(json) == .mergePersons(sourcePersonID: F.ada, targetPersonID: F.bob, mergeReason: reason))
        }
    }

    @Test func decodesEveryAttributeValueTag() {
        let table: [(String, AttributeValue)] = [
            (#"{"Text":"tall"}"#, .text("tall")), (#"{"Number":2}"#, .number(2)), (#"{"Number":-1.5e-3}"#, .number(-0.0015)),
            (#"{"Integer":-9223372036854775808}"#, .integer(.min)), (#"{"Boolean":true}"#, .boolean(true)),
            (#"{"DateTime":"2025-11-09T20:00:00.5+01:00"}"#, .dateTime(Timestamp(secondsSinceEpoch: 1_762_714_800, nanoseconds: 500_000_000))),
            (#"{"Date":"1815-12-10"}"#, .date(F.born)), (#"{"YearMonth":[2020,5]}"#, .yearMonth(year: 2020, month: 5)),
            (#"{"YearMonth":[-2147483648,4294967295]}"#, .yearMonth(year: -2_147_483_648, month: 4_294_967_295)),
            (#"{"Year":1815}"#, .year(1815)),
            (#"{"ApproximateDate":{"date":"1852-11-27","precision":"Century"}}"#, .approximateDate(date: F.died, precision: "Century")),
            (#"{"Length":1.75}"#, .length(1.75)), (#"{"Mass":60}"#, .mass(60)), (#"{"BloodType":"ONegative"}"#, .bloodType("ONegative")),
            (#"{"EyeColor":"Heterochromia"}"#, .eyeColor("Heterochromia")), (#"{"HairColor":"Dyed"}"#, .hairColor("Dyed")),
            (#"{"BiologicalSex":"Female"}"#, .biologicalSex("Female")), (#"{"Handedness":"Left"}"#, .handedness("Left")),
            (#"{"LocationReference":"loc-1"}"#, .locationReference("loc-1")),
            (#"{"PersonReference":{"id":"\#(C.bob)"}}"#, .personReference(F.bob)), (#"{"PersonReference":"\#(C.bob)"}"#, .personReference(F.bob)),
            (#"{"TextList":["a","b"]}"#, .textList(["a", "b"])), (#"{"TextList":[]}"#, .textList([])),
            (#"{"Json": { "a" : [1, 2.50] , "b":"\u00e9" } }"#, .json(#"{ "a" : [1, 2.50] , "b":"\u00e9" }"#)),
            (#"{"Json":null}"#, .json("null")), (#"{"Json":-0.0}"#, .json("-0.0")),
        ]
        for (value, expected) in table {
            guard case .recordAttribute(_, let attribute)? = C.command(C.recordAttribute(value: value)) else {
                Issue.record("did not decode \(value): \(String(describing: C.failure(C.recordAttribute(value: value))))")
                continue
            }
            #expect(attribute.value == expected, "\(value)")
        }
        #expect(Set(table.map { $0.0.split(separator: "\"")[1] }).count == 20)
    }

    @Test func decodesEveryAttributeTypeCategoryAndProvenance() {
        let types: [(String, AttributeType)] = [
            (#"{"Identifying":"NationalId"}"#, .identifying("NationalId")), (#"{"Physical":"Piercings"}"#, .physical("Piercings")),
            (#"{"Healthcare":"OrganDonor"}"#, .healthcare("OrganDonor")), (#"{"Demographic":"SpokenLanguages"}"#, .demographic("SpokenLanguages")),
        ]
        for (json, expected) in types {
            guard case .recordAttribute(_, let attribute)? = C.command(C.recordAttribute(type: json)) else {
                Issue.record("did not decode \(json)")
                continue
            }
            #expect(attribute.attributeType == expected)
        }
        let trace = #"{"applied_by":"etl", "transformation":"trim","applied_at":"2025-11-09T20:00:00+01:00"}"#
        let provenance = #"{"source":{"Imported":{"system":"hr"}},"confidence":"Possible","recorded_by":"clerk","trace":[\#(trace)]}"#
        guard case .recordAttribute(_, let attribute)? = C.command(C.recordAttribute(provenance: provenance)) else {
            Issue.record("did not decode \(provenance)")
            return
        }
        #expect(attribute.provenance == Provenance(source: .imported(system: "hr"), confidence: .possible, recordedBy: "clerk", trace: [trace]))
    }
}
