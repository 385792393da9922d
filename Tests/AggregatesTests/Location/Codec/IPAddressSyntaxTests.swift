import Aggregates
import Testing

/// The IP check of `virtual_location.ip_addresses[].address`, through the command decoder.
@Suite struct IPAddressSyntaxTests {
    typealias C = LocationCodecFixture

    static func decodes(_ address: String) -> Bool {
        let virtual = #"{"location_type":"Website","primary_identifier":"p","urls":[],"ip_addresses":[{"address":"\#(address)","ip_type":"Primary","is_active":true,"ports":[]}],"metadata":{}}"#
        return C.command("update", C.payload(#""virtual_location":\#(virtual),"reason":"r""#)) != nil
    }

    @Test(arguments: [
        "0.0.0.0", "192.168.1.1", "255.255.255.255", "::", "::1", "1::", "2001:db8::1", "2001:DB8:0:0:8:800:200C:417A",
        "fe80::1:2:3:4:5:6", "1:2:3:4:5:6:7:8", "::ffff:192.0.2.128", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4",
    ])
    func validAddressesAreAccepted(address: String) {
        #expect(Self.decodes(address), "\(address)")
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "1..2.3", "a.b.c.d", " 1.2.3.4", ":", ":::", "1:2:3:4:5:6:7:8:9",
        "1::2::3", "12345::", "g::1", "1:2:3:4:5:6:7::8", "::1.2.3", "1.2.3.4::", "fe80::1%eth0", "1:2:3:4:5:6:7:1.2.3.4", ":1::",
    ])
    func invalidAddressesAreRefused(address: String) {
        #expect(!Self.decodes(address), "\(address)")
    }
}
