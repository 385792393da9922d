import NIOCore
import Testing
import Wire

private func info(_ json: String) throws -> ServerInfo {
    try ServerInfo(json: ByteBuffer(string: json))
}

/// The code of the error `body` throws, or `nil` when it does not throw a protocol error.
private func errorCode(_ body: () throws -> Void) -> NATSProtocolError.Code? {
    do {
        try body()
        return nil
    } catch let error as NATSProtocolError {
        return error.code
    } catch {
        return nil
    }
}

@Suite struct ServerInfoTests {
    /// The shape nats-server 2.15 sends to a client of a JetStream cluster with nkey auth.
    private static let fullLine = #"""
    {"server_id":"NCF7WNPD6W5WW4NS4KAAWCVLDKAG2KAVJ3YJYV7VHHJFMO7Q2FFNDEW2","server_name":"n1-c1","version":"2.15.0-dev","proto":1,"git_commit":"1a2b3c4","go":"go1.24.4","host":"0.0.0.0","port":4222,"headers":true,"auth_required":true,"tls_required":true,"tls_verify":true,"tls_available":true,"max_payload":8388608,"jetstream":true,"client_id":1234567,"client_ip":"192.0.2.7","nonce":"kC4dO5x7ZJz0Rg8","cluster":"c1","domain":"hub","connect_urls":["10.0.0.1:4222","10.0.0.2:4222","[::1]:4222"],"ws_connect_urls":["10.0.0.1:8080"],"ldm":false,"xkey":"XBZ2K3TJA4BNUXJ7L5CGDUCL5YNQBFUXHSBLKQDIZAXCB6TRBGONWY7F","api_lvl":2}
    """#

    @Test func decodesAFull215InfoLine() throws {
        let expected = ServerInfo(
            serverID: "NCF7WNPD6W5WW4NS4KAAWCVLDKAG2KAVJ3YJYV7VHHJFMO7Q2FFNDEW2",
            serverName: "n1-c1",
            version: "2.15.0-dev",
            proto: 1,
            host: "0.0.0.0",
            port: 4222,
            headers: true,
            maxPayload: 8_388_608,
            jetStream: true,
            authRequired: true,
            tlsRequired: true,
            tlsVerify: true,
            tlsAvailable: true,
            nonce: "kC4dO5x7ZJz0Rg8",
            connectURLs: ["10.0.0.1:4222", "10.0.0.2:4222", "[::1]:4222"],
            lameDuckMode: false,
            cluster: "c1",
            domain: "hub",
            clientID: 1_234_567,
            clientIP: "192.0.2.7",
            apiLevel: 2
        )
        #expect(try info(Self.fullLine) == expected)
    }

    @Test func decodesAMinimalInfoWithDefaults() throws {
        let decoded = try info(#"{"server_id":"N1","server_name":"N1","version":"2.9.10","proto":1,"go":"go1.19.4","host":"0.0.0.0","port":4222,"headers":true,"max_payload":1048576,"client_id":5,"client_ip":"127.0.0.1"}"#)
        #expect(decoded.version == "2.9.10")
        #expect(decoded.maxPayload == 1_048_576)
        #expect(decoded.clientID == 5)
        #expect(decoded.jetStream == false)
        #expect(decoded.authRequired == false)
        #expect(decoded.nonce == nil)
        #expect(decoded.connectURLs.isEmpty)
        #expect(decoded.cluster == nil)
        #expect(decoded.domain == nil)
        #expect(decoded.apiLevel == nil)
        #expect(decoded.lameDuckMode == false)
    }

    @Test func decodesAnAsyncClusterUpdateInLameDuckMode() throws {
        let decoded = try info(#"{"server_id":"N2","version":"2.11.4","proto":1,"connect_urls":["10.0.0.3:4222","10.0.0.4:4222"],"ldm":true}"#)
        #expect(decoded.connectURLs == ["10.0.0.3:4222", "10.0.0.4:4222"])
        #expect(decoded.lameDuckMode)
        #expect(decoded.serverID == "N2")
    }

    @Test func decodesAnInfoLargerThan4KiB() throws {
        let urls = (0..<400).map { "\"10.1.\($0 / 256).\($0 % 256):4222\"" }.joined(separator: ",")
        let json = #"{"server_id":"BIG","connect_urls":[\#(urls)],"max_payload":1048576}"#
        #expect(json.utf8.count > 4096)
        let decoded = try info(json)
        #expect(decoded.connectURLs.count == 400)
        #expect(decoded.connectURLs.last == "10.1.1.143:4222")
        #expect(decoded.serverID == "BIG")
    }

    @Test func ignoresUnknownKeysOfAnyShape() throws {
        let decoded = try info(#"""
        {"xkey":{"kid":"x","alg":["a",{"deep":[[[]]]}],"n":-1.5e-7},"port":4223,"ws_connect_urls":["a","b"],"future":null,
         "flags":[true,false,null,1,"x"],"nested":{"a":{"b":{"c":{}}}},"max_payload":65536}
        """#)
        #expect(decoded.port == 4223)
        #expect(decoded.maxPayload == 65536)
    }

    @Test func decodesEscapesInStrings() throws {
        let decoded = try info(#"{"server_name":"n\u00e9 \"one\"\\\/\n","cluster":"\ud83d\ude80"}"#)
        #expect(decoded.serverName == "né \"one\"\\/\n")
        #expect(decoded.cluster == "🚀")
    }

    @Test func nullLeavesDefaultsAndLastValueWins() throws {
        let decoded = try info(#"{"port":1,"port":2,"nonce":"abc","nonce":null,"headers":null,"connect_urls":null}"#)
        #expect(decoded.port == 2)
        #expect(decoded.nonce == nil)
        #expect(decoded.headers == false)
        #expect(decoded.connectURLs.isEmpty)
    }

    @Test func readsTheBytesOfASliceOnly() throws {
        var line = ByteBuffer(string: #"INFO {"port":4222}"# + "\r\n")
        let slice = line.getSlice(at: 5, length: line.readableBytes - 7)!
        line.clear()
        #expect(try ServerInfo(json: slice).port == 4222)
    }

    @Test func acceptsSurroundingWhitespace() throws {
        #expect(try info(" \t{\"port\" : 1 }\r").port == 1)
    }

    @Test(arguments: [
        "", "{", "}", "[]", "{\"port\":4222", "{\"port\":4222,}", "{\"port\" 4222}", "{port:4222}", "{\"port\":4222}}",
        "{\"server_id\":\"abc}", "{\"server_id\":\"a\\qb\"}", "{\"xkey\":{\"a\":}}", "{\"xkey\":[1,,2]}", "null",
        "{\"server_id\":\"a\"} trailing",
    ])
    func rejectsMalformedJSON(_ json: String) {
        #expect(errorCode { _ = try info(json) } == .invalidInfo)
    }

    @Test(arguments: [
        #"{"port":"4222"}"#, #"{"headers":1}"#, #"{"headers":"true"}"#, #"{"server_id":42}"#, #"{"proto":true}"#,
        #"{"max_payload":1.5}"#, #"{"max_payload":1e6}"#, #"{"max_payload":99999999999999999999}"#, #"{"client_id":-1}"#,
        #"{"client_id":"7"}"#, #"{"connect_urls":"a:1"}"#, #"{"connect_urls":[1]}"#, #"{"connect_urls":{}}"#,
        #"{"ldm":[]}"#, #"{"nonce":false}"#, #"{"api_lvl":"2"}"#, #"{"jetstream":{}}"#,
    ])
    func rejectsWrongValueTypes(_ json: String) {
        #expect(errorCode { _ = try info(json) } == .invalidInfo)
    }

    @Test func wrongTypeErrorNamesTheKey() {
        do {
            _ = try info(#"{"port":"x"}"#)
            Issue.record("expected an error")
        } catch let error as NATSProtocolError {
            #expect(error.code == .invalidInfo)
            #expect(error.detail.contains("\"port\""))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
