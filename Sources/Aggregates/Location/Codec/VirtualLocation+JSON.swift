extension VirtualLocation {
    /// `{location_type, primary_identifier, urls, ip_addresses, network_info?, metadata}`: as the
    /// original's serde derive, the lists and the map are required (they may be empty).
    /// - Parameter strict: check IP addresses' syntax (commands); stored facts are read as written.
    static func decode(_ f: JSONFields, strict: Bool) throws(CommandDecodingError) -> VirtualLocation {
        VirtualLocation(
            locationType: try VirtualLocationType.decode(try f.required("location_type"), at: f.path("location_type")),
            primaryIdentifier: try f.string("primary_identifier"),
            urls: try f.array("urls") { (node, path) throws(CommandDecodingError) in try VirtualURL.decode(try JSONFields(node, at: path)) },
            ipAddresses: try f.array("ip_addresses") { (node, path) throws(CommandDecodingError) in
                try IPAddress.decode(try JSONFields(node, at: path), strict: strict)
            },
            networkInfo: try f.optionalObject("network_info", NetworkInfo.decode),
            metadata: try f.stringMap("metadata"))
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeKey("location_type")
        locationType.write(to: &w)
        w.writeField("primary_identifier", primaryIdentifier)
        w.writeKey("urls")
        w.beginArray()
        for url in urls { url.write(to: &w) }
        w.endArray()
        w.writeKey("ip_addresses")
        w.beginArray()
        for address in ipAddresses { address.write(to: &w) }
        w.endArray()
        w.writeKey("network_info")
        if let networkInfo { networkInfo.write(to: &w) } else { w.writeNull() }
        w.writeKey("metadata")
        w.writeStringMap(metadata)
        w.endObject()
    }
}

extension VirtualURL {
    /// `{url, url_type, is_active, priority (0…255), metadata}`, all required.
    static func decode(_ f: JSONFields) throws(CommandDecodingError) -> VirtualURL {
        VirtualURL(
            url: try f.string("url"), urlType: try URLType.decode(try f.required("url_type"), at: f.path("url_type")),
            isActive: try f.boolean("is_active"), priority: try f.unsigned("priority", as: UInt8.self), metadata: try f.stringMap("metadata"))
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("url", url)
        w.writeKey("url_type")
        urlType.write(to: &w)
        w.writeKey("is_active")
        w.writeBool(isActive)
        w.writeField("priority", Int(priority))
        w.writeKey("metadata")
        w.writeStringMap(metadata)
        w.endObject()
    }
}

extension IPAddress {
    /// `{address, ip_type, is_active, ports, reverse_dns?}`.
    static func decode(_ f: JSONFields, strict: Bool) throws(CommandDecodingError) -> IPAddress {
        let address = try f.string("address")
        if strict, !isValidText(address) {
            throw .invalid(f.path("address"), "expected an IPv4 or IPv6 address, found \(try f.required("address").shortDescription)")
        }
        return IPAddress(
            address: address, ipType: try IPAddressType.decode(try f.required("ip_type"), at: f.path("ip_type")),
            isActive: try f.boolean("is_active"),
            ports: try f.array("ports") { (node, path) throws(CommandDecodingError) in try PortMapping.decode(try JSONFields(node, at: path)) },
            reverseDNS: try f.optionalString("reverse_dns"))
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("address", address)
        w.writeKey("ip_type")
        ipType.write(to: &w)
        w.writeKey("is_active")
        w.writeBool(isActive)
        w.writeKey("ports")
        w.beginArray()
        for port in ports { port.write(to: &w) }
        w.endArray()
        w.writeField("reverse_dns", reverseDNS)
        w.endObject()
    }
}

extension PortMapping {
    /// `{port (0…65535), protocol, service, encrypted}`, all required.
    static func decode(_ f: JSONFields) throws(CommandDecodingError) -> PortMapping {
        PortMapping(
            port: try f.unsigned("port", as: UInt16.self), protocol: try f.string("protocol"), service: try f.string("service"),
            encrypted: try f.boolean("encrypted"))
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("port", Int(port))
        w.writeField("protocol", self.protocol)
        w.writeField("service", service)
        w.writeKey("encrypted")
        w.writeBool(encrypted)
        w.endObject()
    }
}

extension NetworkInfo {
    /// `{asn?, as_org?, cidr_blocks, bgp_info?, latency_map}`.
    static func decode(_ f: JSONFields) throws(CommandDecodingError) -> NetworkInfo {
        NetworkInfo(
            asn: try f.optionalUnsigned("asn", as: UInt32.self), asOrg: try f.optionalString("as_org"), cidrBlocks: try f.strings("cidr_blocks"),
            bgpInfo: try f.optionalObject("bgp_info", BGPInfo.decode), latencyMap: try f.doubleMap("latency_map"))
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeKey("asn")
        if let asn { w.writeInt(Int64(asn)) } else { w.writeNull() }
        w.writeField("as_org", asOrg)
        w.writeField("cidr_blocks", cidrBlocks)
        w.writeKey("bgp_info")
        if let bgpInfo { bgpInfo.write(to: &w) } else { w.writeNull() }
        w.writeKey("latency_map")
        w.writeDoubleMap(latencyMap)
        w.endObject()
    }
}

extension BGPInfo {
    /// `{communities, origin_as, as_path}`, all required.
    static func decode(_ f: JSONFields) throws(CommandDecodingError) -> BGPInfo {
        BGPInfo(
            communities: try f.strings("communities"), originAS: try f.unsigned("origin_as", as: UInt32.self),
            asPath: try f.array("as_path") { (node, path) throws(CommandDecodingError) in
                UInt32(try node.int64(at: path, in: 0...Int64(UInt32.max)))
            })
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.writeField("communities", communities)
        w.writeField("origin_as", Int(originAS))
        w.writeKey("as_path")
        w.beginArray()
        for hop in asPath { w.writeInt(Int64(hop)) }
        w.endArray()
        w.endObject()
    }
}

extension JSONWriter {
    mutating func writeField(_ key: StaticString, _ virtualLocation: VirtualLocation?) {
        writeKey(key)
        if let virtualLocation { virtualLocation.write(to: &self) } else { writeNull() }
    }
}
