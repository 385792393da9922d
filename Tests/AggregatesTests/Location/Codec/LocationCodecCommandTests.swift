import Aggregates
import Testing

@Suite struct LocationCodecCommandTests {
    typealias C = LocationCodecFixture
    typealias L = LocationFixture

    @Test func decodesTheSeedsDefineExampleExactlyAsWritten() throws {
        let request = try C.decode("define", C.seedExample).get()
        #expect(request.body == .define(L.seedDefinition))
        #expect(request.metadata == C.metadata)
        #expect(request.ancestry == .notRead)
        #expect(C.codec.commandName(request) == "DefineLocation")
        #expect(C.codec.domain == "location")
        // And the aggregate accepts it.
        #expect(L.decide(Location(), request).events == [.locationDefined(L.seedDefinition)])
    }

    @Test func theOriginalsStreet1IsAnAliasOfStreet() {
        let json = C.seedExample.replacing(#""street":"#, with: #""street1":"#)
        #expect(C.command("define", json) == .define(L.seedDefinition))
        let both = C.failure("define", C.seedExample.replacing(#""street": "123 Main St","#, with: #""street": "1 A St", "street1": "123 Main St","#))
        #expect(both?.code == .invalidField)
        #expect(both?.field == "address.street1")
    }

    @Test func decodesEveryCommand() {
        let changes = LocationChanges(locationID: L.hq, name: "HQ", coordinates: GeoCoordinates(latitude: 1.5, longitude: -2, altitude: 3, coordinateSystem: "NAD83"), reason: "moved")
        let table: [(String, String, LocationCommand)] = [
            ("define", C.seedExample, .define(L.seedDefinition)),
            ("define", C.payload(#""name":"Zoom","location_type":"Virtual","virtual_location":\#(C.richVirtualJSON),"parent_id":"\#(C.campus)","address":null"#),
             .define(L.definition(L.hq, name: "Zoom", type: .virtual, address: nil, virtual: C.richVirtual, parent: L.campus))),
            ("update", C.payload(#""name":"HQ","coordinates":{"latitude":1.5,"longitude":-2,"altitude":3,"coordinate_system":"NAD83"},"reason":"moved""#),
             .update(changes)),
            ("update", C.payload(#""address":\#(C.springfieldJSON),"virtual_location":null,"reason":"r""#),
             .update(LocationChanges(locationID: L.hq, address: L.springfield, reason: "r"))),
            ("set_parent", C.payload(#""parent_id":"\#(C.campus.uppercased())","reason":"joined""#),
             .setParent(locationID: L.hq, parentID: L.campus, reason: "joined")),
            ("remove_parent", C.payload(#""reason":"independent""#), .removeParent(locationID: L.hq, reason: "independent")),
            ("add_metadata", C.payload(#""metadata":{"wifi":"yes","floor":"3"},"reason":"facilities""#),
             .addMetadata(locationID: L.hq, metadata: ["wifi": "yes", "floor": "3"], reason: "facilities")),
            ("archive", C.payload(#""reason":"closed""#), .archive(locationID: L.hq, reason: "closed")),
        ]
        for (verb, json, expected) in table {
            #expect(C.command(verb, json) == expected, "\(verb): \(json)")
            #expect(expected.verb == verb)
        }
        #expect(Set(table.map(\.0)) == Set(LocationCommand.verbs))
    }

    @Test func theVerbIsTheSubjectsLastTokenAfterLocationCommands() throws {
        let bytes = Array(C.payload(#""reason":"closed""#).utf8)
        let request = try bytes.withUnsafeBytes { raw throws(CommandDecodingError) in
            try C.codec.decodeCommand(subject: "location.commands.archive", payload: raw, metadata: C.metadata)
        }
        #expect(request.body == .archive(locationID: L.hq, reason: "closed"))
        // A token more or less, or another prefix, is no command (not an archive whose subject
        // happens to end in archive).
        for subject in ["archive", "x.y.z.archive", "location.commands.extra.archive", "location.commands.archive.now", "policy.commands.archive", "location.commands."] {
            let result = bytes.withUnsafeBytes { raw in
                Result { () throws(CommandDecodingError) in try C.codec.decodeCommand(subject: subject, payload: raw, metadata: C.metadata) }
            }
            guard case .failure(let error) = result else {
                Issue.record("\(subject) was decoded")
                continue
            }
            #expect(error.code == .unknownCommand, "\(subject)")
            #expect(error.message.contains(subject), "\(subject): \(error.message)")
        }
    }

    @Test func everyCommandHasItsOriginalName() {
        let names = L.nonDefineCommands.map(\.typeName) + [LocationCommand.define(L.seedDefinition).typeName]
        #expect(Set(names) == Set(LocationCommand.typeNames))
        #expect(LocationCommand.typeNames.count == LocationCommand.verbs.count)
    }

    @Test func aMissingCoordinateSystemIsWGS84AndUnknownFieldsAreIgnored() {
        let json = C.payload(#""name":"Peak","location_type":"Physical","coordinates":{"latitude":27.9881,"longitude":86.925},"extra":[1,{"a":2}]"#)
        #expect(C.command("define", json) == .define(L.definition(L.hq, name: "Peak", address: nil, coordinates: GeoCoordinates(latitude: 27.9881, longitude: 86.925))))
    }

    @Test func rangesAreTheAggregatesRuleNotTheCodecs() {
        let json = C.payload(#""name":"Nowhere","location_type":"Physical","coordinates":{"latitude":91,"longitude":0}"#)
        guard let command = C.command("define", json) else {
            Issue.record("did not decode")
            return
        }
        let result = L.decide(Location(), L.request(command))
        #expect(result.field == "coordinates.latitude")
    }

    @Test func everyVirtualLocationTypeVariantDecodes() {
        let table: [(String, VirtualLocationType)] = [
            (#""Website""#, .website), (#""ApiEndpoint""#, .apiEndpoint), (#""VirtualMachine""#, .virtualMachine),
            (#""NetworkDevice""#, .networkDevice), (#""GameServer""#, .gameServer), (#""EmailServer""#, .emailServer),
            (#"{"CloudService":{"provider":"GCP","region":"eu"}}"#, .cloudService(provider: "GCP", region: "eu")),
            (#"{"Container":{"orchestrator":"k8s","namespace":"prod"}}"#, .container(orchestrator: "k8s", namespace: "prod")),
            (#"{"MeetingRoom":{"platform":"Zoom"}}"#, .meetingRoom(platform: "Zoom")),
            (#"{"BlockchainAddress":{"chain":"eth"}}"#, .blockchainAddress(chain: "eth")),
            (#"{"Custom":"Metaverse"}"#, .custom("Metaverse")),
        ]
        for (json, expected) in table {
            let virtual = #"{"location_type":\#(json),"primary_identifier":"p","urls":[],"ip_addresses":[],"metadata":{}}"#
            let command = C.command("update", C.payload(#""virtual_location":\#(virtual),"reason":"r""#))
            #expect(command == .update(LocationChanges(locationID: L.hq, virtualLocation: VirtualLocation(locationType: expected, primaryIdentifier: "p"), reason: "r")), "\(json)")
        }
    }
}
