public import NIOCore

extension ServerInfo {
    /// Decodes the JSON object of an `INFO` line.
    ///
    /// Unknown keys are skipped whatever their value (nested objects such as `xkey`, arrays, …).
    /// A `null` value leaves a field at its default. When a key repeats, the last value wins.
    ///
    /// - Parameter json: The bytes between `INFO ` and the end of the line.
    /// - Throws: `NATSProtocolError(.invalidInfo, …)` when the bytes are not one well-formed JSON
    ///   object, or a known key has a value of the wrong type or range.
    public init(json: ByteBuffer) throws {
        var info = ServerInfo()
        try JSONScanner.forEachMember(in: json) { key, value in
            try Self.decode(key, from: &value, into: &info)
        }
        self = info
    }

    private static func decode(_ key: String, from value: inout JSONScanner, into info: inout ServerInfo) throws {
        do {
            if try value.readNull() {
                info.clear(key)
                return
            }
            switch key {
            case "server_id": info.serverID = try value.readString()
            case "server_name": info.serverName = try value.readString()
            case "version": info.version = try value.readString()
            case "proto": info.proto = try readInt(&value)
            case "host": info.host = try value.readString()
            case "port": info.port = try readInt(&value)
            case "headers": info.headers = try value.readBool()
            case "max_payload": info.maxPayload = try readInt(&value)
            case "jetstream": info.jetStream = try value.readBool()
            case "auth_required": info.authRequired = try value.readBool()
            case "tls_required": info.tlsRequired = try value.readBool()
            case "tls_verify": info.tlsVerify = try value.readBool()
            case "tls_available": info.tlsAvailable = try value.readBool()
            case "nonce": info.nonce = try value.readString()
            case "connect_urls": info.connectURLs = try value.readStringArray()
            case "ldm": info.lameDuckMode = try value.readBool()
            case "cluster": info.cluster = try value.readString()
            case "domain": info.domain = try value.readString()
            case "client_id": info.clientID = try value.readUInt64()
            case "client_ip": info.clientIP = try value.readString()
            case "api_lvl": info.apiLevel = try readInt(&value)
            default: try value.skipValue()
            }
        } catch let error as NATSProtocolError {
            throw NATSProtocolError(.invalidInfo, "INFO key \"\(key)\": \(error.detail)")
        }
    }

    private static func readInt(_ value: inout JSONScanner) throws -> Int {
        let wide = try value.readInt64()
        guard let narrow = Int(exactly: wide) else { throw NATSProtocolError(.invalidInfo, "\(wide) does not fit in Int") }
        return narrow
    }

    /// Resets the optional field behind `key` after a JSON `null`.
    private mutating func clear(_ key: String) {
        switch key {
        case "nonce": nonce = nil
        case "cluster": cluster = nil
        case "domain": domain = nil
        case "client_id": clientID = nil
        case "client_ip": clientIP = nil
        case "api_lvl": apiLevel = nil
        default: break
        }
    }
}
