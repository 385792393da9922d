import Aggregates
import Testing

/// The codec, fixed metadata, the seed's example, and helpers that go through bytes like the runtime.
enum LocationCodecFixture {
    static let codec = LocationCodec()
    static let metadata = CommandMetadata(commandID: "cmd-1", correlationID: "conv-1", issuedAt: LocationFixture.t1)
    static let hq = LocationFixture.hq.text
    static let campus = LocationFixture.campus.text

    /// The payload of the seed's `nats req location.commands.define '{…}'`, byte for byte.
    static let seedExample = """
        {
          "location_id": "550e8400-e29b-41d4-a716-446655440000",
          "name": "Test Location",
          "location_type": "Physical",
          "address": {
            "street": "123 Main St",
            "locality": "Springfield",
            "region": "IL",
            "country": "US",
            "postal_code": "62701"
          }
        }
        """

    /// The seed's address as the codec writes it.
    static let springfieldJSON = #"{"street":"123 Main St","street2":null,"locality":"Springfield","region":"IL","country":"US","postal_code":"62701"}"#

    /// A virtual location using every part of the value object.
    static let richVirtualJSON = #"{"location_type":{"CloudService":{"provider":"AWS","region":"us-east-1"}},"primary_identifier":"i-123","#
        + #""urls":[{"url":"https://api.example.com/v1","url_type":"Api","is_active":true,"priority":0,"metadata":{}},"#
        + #"{"url":"https://x.example","url_type":{"Custom":"Grafana"},"is_active":false,"priority":255,"metadata":{"team":"ops"}}],"#
        + #""ip_addresses":[{"address":"192.168.1.1","ip_type":"Primary","is_active":true,"ports":[{"port":443,"protocol":"TCP","service":"https","encrypted":true}],"reverse_dns":"a.example"},"#
        + #"{"address":"2001:db8::1","ip_type":{"Custom":"Anycast"},"is_active":true,"ports":[],"reverse_dns":null}],"#
        + #""network_info":{"asn":64512,"as_org":"Example","cidr_blocks":["10.0.0.0/8"],"bgp_info":{"communities":["64512:1"],"origin_as":64512,"as_path":[64512,4294967295]},"latency_map":{"eu":12.5,"us":80.0}},"#
        + #""metadata":{"b":"2","a":"1"}}"#

    static let richVirtual = VirtualLocation(
        locationType: .cloudService(provider: "AWS", region: "us-east-1"), primaryIdentifier: "i-123",
        urls: [
            VirtualURL(url: "https://api.example.com/v1", urlType: .api),
            VirtualURL(url: "https://x.example", urlType: .custom("Grafana"), isActive: false, priority: 255, metadata: ["team": "ops"]),
        ],
        ipAddresses: [
            IPAddress(address: "192.168.1.1", ipType: .primary, ports: [PortMapping(port: 443, protocol: "TCP", service: "https", encrypted: true)], reverseDNS: "a.example"),
            IPAddress(address: "2001:db8::1", ipType: .custom("Anycast")),
        ],
        networkInfo: NetworkInfo(
            asn: 64512, asOrg: "Example", cidrBlocks: ["10.0.0.0/8"],
            bgpInfo: BGPInfo(communities: ["64512:1"], originAS: 64512, asPath: [64512, 4_294_967_295]), latencyMap: ["eu": 12.5, "us": 80]),
        metadata: ["a": "1", "b": "2"])

    static func decode(_ verb: String, _ json: String) -> Result<LocationRequest, CommandDecodingError> {
        Array(json.utf8).withUnsafeBytes { bytes in
            Result { () throws(CommandDecodingError) in
                try codec.decodeCommand(subject: "location.commands.\(verb)", payload: bytes, metadata: metadata)
            }
        }
    }

    /// The body of the decoded command, or `nil`.
    static func command(_ verb: String, _ json: String) -> LocationCommand? {
        try? decode(verb, json).get().body
    }

    /// The decoding error, or `nil` when it decoded.
    static func failure(_ verb: String, _ json: String) -> CommandDecodingError? {
        if case .failure(let error) = decode(verb, json) { return error }
        return nil
    }

    /// `{"location_id":"<hq>",<fields>}`.
    static func payload(_ fields: String) -> String {
        #"{"location_id":"\#(hq)"\#(fields.isEmpty ? "" : ",")\#(fields)}"#
    }

    static func envelope(_ event: LocationEvent, sequence: Int = 1) -> EventEnvelope<LocationID, LocationEvent> {
        EventEnvelope(
            aggregateID: event.locationID, sequence: sequence, event: event, timestamp: Timestamp(secondsSinceEpoch: 1_762_714_800),
            correlationID: "conv-1", causationID: "cmd-1")
    }

    static func encoded(_ envelope: EventEnvelope<LocationID, LocationEvent>) -> String {
        var buffer: [UInt8] = []
        codec.encodeEvent(envelope, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The `event` member of the stored envelope.
    static func eventJSON(_ event: LocationEvent) -> String {
        let text = encoded(envelope(event))
        let start = text.firstRange(of: #","event":"#)!.upperBound
        let end = text.firstRange(of: #","timestamp":"#)!.lowerBound
        return String(text[start..<end])
    }

    static func decodeEvent(_ json: String) -> Result<EventEnvelope<LocationID, LocationEvent>, CommandDecodingError> {
        Array(json.utf8).withUnsafeBytes { bytes in Result { () throws(CommandDecodingError) in try codec.decodeEvent(bytes) } }
    }

    static func encodedState(_ state: Location) -> String {
        var buffer: [UInt8] = []
        codec.encodeState(state, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    static func decodeState(_ json: String) -> Result<Location, CommandDecodingError> {
        Array(json.utf8).withUnsafeBytes { bytes in Result { () throws(CommandDecodingError) in try codec.decodeState(bytes) } }
    }

    /// One of each event, with every optional part present somewhere.
    static let everyEvent: [LocationEvent] = {
        let L = LocationFixture.self
        return [
            .locationDefined(L.seedDefinition),
            .locationUpdated(LocationUpdate(
                locationID: L.hq, previousName: "Test Location", name: "HQ", previousAddress: L.springfield, address: L.shelbyville,
                previousCoordinates: nil, coordinates: L.summit, previousVirtualLocation: nil, virtualLocation: richVirtual, reason: "moved")),
            .parentLocationSet(locationID: L.hq, parentID: L.campus, previousParentID: nil, reason: "joined"),
            .parentLocationSet(locationID: L.hq, parentID: L.floor, previousParentID: L.campus, reason: "moved"),
            .parentLocationRemoved(locationID: L.hq, previousParentID: L.floor, reason: "independent"),
            .locationMetadataAdded(locationID: L.hq, addedMetadata: ["wifi": "yes"], currentMetadata: ["z": "1", "wifi": "yes", "é": "\"q\""], reason: "facilities"),
            .locationArchived(locationID: L.hq, name: "HQ", locationType: .physical, reason: "closed"),
        ]
    }()
}
