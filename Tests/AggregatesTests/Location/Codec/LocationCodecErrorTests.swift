import Aggregates
import Testing

@Suite struct LocationCodecErrorTests {
    typealias C = LocationCodecFixture

    static func virtual(_ replace: String, with replacement: String) -> String {
        C.payload(#""virtual_location":\#(C.richVirtualJSON.replacing(replace, with: replacement, maxReplacements: 1)),"reason":"r""#)
    }

    @Test(arguments: [
        ("define", C.seedExample.replacing("550e8400-e29b-41d4-a716-446655440000", with: "not-a-uuid"), "location_id"),
        ("archive", #"{"location_id":{"id":"550e8400-e29b-41d4-a716-446655440000"},"reason":"r"}"#, "location_id"),
        ("archive", #"{"location_id":"550e8400e29b41d4a716446655440000","reason":"r"}"#, "location_id"),
        ("define", C.seedExample.replacing(#""Physical""#, with: #""Underground""#), "location_type"),
        ("define", C.seedExample.replacing(#""Physical""#, with: "1"), "location_type"),
        ("define", C.seedExample.replacing(#""Test Location""#, with: "null"), "name"),
        ("define", C.seedExample.replacing(#""62701""#, with: "62701"), "address.postal_code"),
        ("define", C.payload(#""name":"n","location_type":"Physical","address":"123 Main St""#), "address"),
        ("define", C.payload(#""name":"n","location_type":"Physical","parent_id":"x""#), "parent_id"),
        ("define", C.payload(#""name":"n","location_type":"Physical","coordinates":{"latitude":"north","longitude":0}"#), "coordinates.latitude"),
        ("define", C.payload(#""name":"n","location_type":"Physical","coordinates":{"latitude":1e400,"longitude":0}"#), "coordinates.latitude"),
        ("define", C.payload(#""name":"n","location_type":"Physical","coordinates":{"latitude":1,"longitude":0,"altitude":"high"}"#), "coordinates.altitude"),
        ("set_parent", C.payload(#""parent_id":7,"reason":"r""#), "parent_id"),
        ("remove_parent", C.payload(#""reason":false"#), "reason"),
        ("add_metadata", C.payload(#""metadata":{"a":1},"reason":"r""#), "metadata.a"),
        ("add_metadata", C.payload(#""metadata":["a"],"reason":"r""#), "metadata"),
        ("update", virtual(#"{"CloudService":{"provider":"AWS","region":"us-east-1"}}"#, with: #""Spaceship""#), "virtual_location.location_type"),
        ("update", virtual(#"{"CloudService":{"provider":"AWS","region":"us-east-1"}}"#, with: #""CloudService""#), "virtual_location.location_type"),
        ("update", virtual(#"{"CloudService":{"provider":"AWS","region":"us-east-1"}}"#, with: #"{"Website":{}}"#), "virtual_location.location_type"),
        ("update", virtual(#"{"CloudService":{"provider":"AWS","region":"us-east-1"}}"#, with: #"{"Custom":3}"#), "virtual_location.location_type.Custom"),
        ("update", virtual(#""priority":255"#, with: #""priority":256"#), "virtual_location.urls[1].priority"),
        ("update", virtual(#""url_type":"Api""#, with: #""url_type":"Ftp""#), "virtual_location.urls[0].url_type"),
        ("update", virtual(#""is_active":true"#, with: #""is_active":"yes""#), "virtual_location.urls[0].is_active"),
        ("update", virtual(#""address":"192.168.1.1""#, with: #""address":"192.168.1.256""#), "virtual_location.ip_addresses[0].address"),
        ("update", virtual(#""address":"2001:db8::1""#, with: #""address":"2001:db8::1::2""#), "virtual_location.ip_addresses[1].address"),
        ("update", virtual(#""ip_type":"Primary""#, with: #""ip_type":{"Custom":"a","Other":"b"}"#), "virtual_location.ip_addresses[0].ip_type"),
        ("update", virtual(#""port":443"#, with: #""port":65536"#), "virtual_location.ip_addresses[0].ports[0].port"),
        ("update", virtual(#""asn":64512"#, with: #""asn":-1"#), "virtual_location.network_info.asn"),
        ("update", virtual("4294967295", with: "4294967296"), "virtual_location.network_info.bgp_info.as_path[1]"),
        ("update", virtual(#""eu":12.5"#, with: #""eu":"fast""#), "virtual_location.network_info.latency_map.eu"),
        ("update", virtual(#""cidr_blocks":["10.0.0.0/8"]"#, with: #""cidr_blocks":"10.0.0.0/8""#), "virtual_location.network_info.cidr_blocks"),
        ("update", C.payload(#""reason":"r","virtual_location":{"location_type":"Website","primary_identifier":"p","urls":{},"ip_addresses":[],"metadata":{}}"#),
         "virtual_location.urls"),
        ("set_parent", C.payload(#""parent_id":null,"reason":"r""#), "parent_id"),
    ])
    func invalidFieldsAreNamedByTheirPath(verb: String, json: String, field: String) {
        let error = C.failure(verb, json)
        #expect(error?.code == .invalidField, "\(json)")
        #expect(error?.field == field, "\(json)")
    }

    @Test(arguments: [
        ("define", C.seedExample.replacing(#""location_id": "550e8400-e29b-41d4-a716-446655440000","#, with: ""), "location_id"),
        ("define", C.seedExample.replacing(#""name": "Test Location","#, with: ""), "name"),
        ("define", C.seedExample.replacing(#""location_type": "Physical","#, with: ""), "location_type"),
        ("define", C.seedExample.replacing(#""street": "123 Main St","#, with: ""), "address.street"),
        ("define", C.seedExample.replacing(#""locality": "Springfield","#, with: ""), "address.locality"),
        ("define", C.payload(#""name":"n","location_type":"Physical","coordinates":{"latitude":1}"#), "coordinates.longitude"),
        ("update", C.payload(#""name":"HQ""#), "reason"),
        ("set_parent", C.payload(#""reason":"r""#), "parent_id"),
        ("add_metadata", C.payload(#""reason":"r""#), "metadata"),
        ("archive", C.payload(""), "reason"),
        ("update", virtual(#""primary_identifier":"i-123","#, with: ""), "virtual_location.primary_identifier"),
        ("update", virtual(#""metadata":{"b":"2","a":"1"}"#, with: #""meta":{}"#), "virtual_location.metadata"),
        ("update", virtual(#""ports":[{"port":443,"protocol":"TCP","service":"https","encrypted":true}],"#, with: ""), "virtual_location.ip_addresses[0].ports"),
        ("update", virtual(#""provider":"AWS","#, with: ""), "virtual_location.location_type.CloudService.provider"),
        ("update", virtual(#""origin_as":64512,"#, with: ""), "virtual_location.network_info.bgp_info.origin_as"),
    ])
    func missingFieldsAreNamedByTheirPath(verb: String, json: String, field: String) {
        let error = C.failure(verb, json)
        #expect(error?.code == .missingField, "\(json)")
        #expect(error?.field == field, "\(json)")
    }

    @Test func anUnknownVerbIsAnUnknownCommandWhateverThePayload() {
        for payload in [C.payload(#""reason":"r""#), "not json", ""] {
            let error = C.failure("delete", payload)
            #expect(error?.code == .unknownCommand)
            #expect(error?.field == nil)
            #expect(error?.message == "unknown command delete on location.commands.delete; expected one of define, update, set_parent, remove_parent, add_metadata, archive")
        }
    }

    @Test(arguments: ["[]", #""define""#, "null", "", "not json", "{\"location_id\":", C.seedExample + " trailing", #"{"a":1,"a":2}"#, "7"])
    func anythingButOneObjectIsMalformed(json: String) {
        let error = C.failure("define", json)
        #expect(error?.code == .malformedJSON, "\(json)")
        #expect(error?.field == nil)
    }

    @Test func messagesSayWhatWasExpectedAndFound() {
        #expect(C.failure("define", "[]")?.message == "expected a define command object, found an array")
        #expect(C.failure("archive", #"{"location_id":"nope","reason":"r"}"#)?.message == #"expected a UUID, found "nope""#)
        #expect(C.failure("update", C.payload(#""reason":"r","virtual_location":{"location_type":"Spaceship"}"#))?.message
            == "unknown variant Spaceship; expected one of Website, ApiEndpoint, CloudService, Container, VirtualMachine, NetworkDevice, MeetingRoom, GameServer, BlockchainAddress, EmailServer, Custom")
        #expect(C.failure("define", C.seedExample.replacing(#""street": "123 Main St","#, with: ""))?.message == "missing field address.street")
    }
}
