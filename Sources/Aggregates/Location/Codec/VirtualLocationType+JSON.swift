extension VirtualLocationType {
    static let names = [
        "Website", "ApiEndpoint", "CloudService", "Container", "VirtualMachine", "NetworkDevice", "MeetingRoom", "GameServer",
        "BlockchainAddress", "EmailServer", "Custom",
    ]

    /// `"Website"` …, `{"CloudService":{"provider","region"}}`, `{"Container":{"orchestrator","namespace"}}`,
    /// `{"MeetingRoom":{"platform"}}`, `{"BlockchainAddress":{"chain"}}` or `{"Custom":"<text>"}`.
    static func decode(_ node: JSONNode, at path: String) throws(CommandDecodingError) -> VirtualLocationType {
        let (name, value) = try JSONVariants.read(node, at: path)
        let unit: VirtualLocationType? =
            switch name {
            case "Website": .website
            case "ApiEndpoint": .apiEndpoint
            case "VirtualMachine": .virtualMachine
            case "NetworkDevice": .networkDevice
            case "GameServer": .gameServer
            case "EmailServer": .emailServer
            default: nil
            }
        if let unit {
            guard value == nil else { throw JSONVariants.misshapen(name, at: path, unit: true) }
            return unit
        }
        guard names.contains(name) else { throw JSONVariants.unknown(name, at: path, expected: names) }
        guard let value else { throw JSONVariants.misshapen(name, at: path, unit: false) }
        let inner = path + "." + name
        if name == "Custom" { return .custom(try value.string(at: inner)) }
        let f = try JSONFields(value, at: inner)
        switch name {
        case "CloudService": return .cloudService(provider: try f.string("provider"), region: try f.string("region"))
        case "Container": return .container(orchestrator: try f.string("orchestrator"), namespace: try f.string("namespace"))
        case "MeetingRoom": return .meetingRoom(platform: try f.string("platform"))
        default: return .blockchainAddress(chain: try f.string("chain"))
        }
    }

    func write(to w: inout JSONWriter) {
        switch self {
        case .website: w.writeString("Website")
        case .apiEndpoint: w.writeString("ApiEndpoint")
        case .virtualMachine: w.writeString("VirtualMachine")
        case .networkDevice: w.writeString("NetworkDevice")
        case .gameServer: w.writeString("GameServer")
        case .emailServer: w.writeString("EmailServer")
        case .cloudService(let provider, let region):
            w.beginObject()
            w.writeKey("CloudService")
            w.beginObject()
            w.writeField("provider", provider)
            w.writeField("region", region)
            w.endObject()
            w.endObject()
        case .container(let orchestrator, let namespace):
            w.beginObject()
            w.writeKey("Container")
            w.beginObject()
            w.writeField("orchestrator", orchestrator)
            w.writeField("namespace", namespace)
            w.endObject()
            w.endObject()
        case .meetingRoom(let platform):
            w.beginObject()
            w.writeKey("MeetingRoom")
            w.beginObject()
            w.writeField("platform", platform)
            w.endObject()
            w.endObject()
        case .blockchainAddress(let chain):
            w.beginObject()
            w.writeKey("BlockchainAddress")
            w.beginObject()
            w.writeField("chain", chain)
            w.endObject()
            w.endObject()
        case .custom(let text):
            w.beginObject()
            w.writeField("Custom", text)
            w.endObject()
        }
    }
}

extension URLType {
    static let units: [(String, URLType)] = [
        ("Primary", .primary), ("Api", .api), ("Documentation", .documentation), ("Support", .support), ("Status", .status),
        ("Webhook", .webhook), ("Cdn", .cdn), ("Mirror", .mirror), ("Development", .development),
    ]

    /// A unit variant (`"Primary"` …) or `{"Custom":"<text>"}`.
    static func decode(_ node: JSONNode, at path: String) throws(CommandDecodingError) -> URLType {
        try JSONVariants.unitOrCustom(node, at: path, units: units, custom: URLType.custom)
    }

    func write(to w: inout JSONWriter) {
        if case .custom(let text) = self {
            w.beginObject()
            w.writeField("Custom", text)
            w.endObject()
        } else {
            w.writeString(Self.units.first { $0.1 == self }?.0 ?? "")
        }
    }
}

extension IPAddressType {
    static let units: [(String, IPAddressType)] = [
        ("Primary", .primary), ("LoadBalancer", .loadBalancer), ("Failover", .failover), ("Internal", .internal),
        ("VpnEndpoint", .vpnEndpoint), ("NatGateway", .natGateway),
    ]

    /// A unit variant (`"Primary"` …) or `{"Custom":"<text>"}`.
    static func decode(_ node: JSONNode, at path: String) throws(CommandDecodingError) -> IPAddressType {
        try JSONVariants.unitOrCustom(node, at: path, units: units, custom: IPAddressType.custom)
    }

    func write(to w: inout JSONWriter) {
        if case .custom(let text) = self {
            w.beginObject()
            w.writeField("Custom", text)
            w.endObject()
        } else {
            w.writeString(Self.units.first { $0.1 == self }?.0 ?? "")
        }
    }
}

extension JSONVariants {
    /// An enum of unit variants plus `Custom(String)`.
    static func unitOrCustom<T>(
        _ node: JSONNode, at path: String, units: [(String, T)], custom: (String) -> T
    ) throws(CommandDecodingError) -> T {
        let (name, value) = try read(node, at: path)
        if let unit = units.first(where: { $0.0 == name }) {
            guard value == nil else { throw misshapen(name, at: path, unit: true) }
            return unit.1
        }
        guard name == "Custom" else { throw unknown(name, at: path, expected: units.map(\.0) + ["Custom"]) }
        guard let value else { throw misshapen(name, at: path, unit: false) }
        return custom(try value.string(at: path + ".Custom"))
    }
}
