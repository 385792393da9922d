import NIOCore
import Testing
import Wire

private func connectLine(_ options: ConnectOptions) -> String {
    var buffer = ByteBuffer()
    buffer.writeConnect(options)
    return String(buffer: buffer)
}

@Suite struct ConnectOptionsTests {
    @Test func defaultConnectIsExact() {
        #expect(connectLine(ConnectOptions()) == #"CONNECT {"verbose":false,"pedantic":false,"tls_required":false,"echo":true,"lang":"swift","version":"0.1.0","protocol":1,"headers":true,"no_responders":true}"# + "\r\n")
    }

    @Test func everyFieldInOrder() {
        let options = ConnectOptions(
            verbose: true, pedantic: true, tlsRequired: true, echo: false, name: "svc", lang: "swift",
            version: "9.9.9", protocolVersion: 0, headers: false, noResponders: false, user: "u", pass: "p",
            authToken: "t", jwt: "j", nkey: "UABC", signature: "s"
        )
        #expect(connectLine(options) == #"CONNECT {"verbose":true,"pedantic":true,"tls_required":true,"echo":false,"name":"svc","lang":"swift","version":"9.9.9","protocol":0,"headers":false,"no_responders":false,"user":"u","pass":"p","auth_token":"t","jwt":"j","nkey":"UABC","sig":"s"}"# + "\r\n")
    }

    @Test func nilOptionalsAreOmitted() {
        let line = connectLine(ConnectOptions(name: "only-name", jwt: "eyJ0"))
        #expect(line.contains(#","name":"only-name","lang""#))
        #expect(line.contains(#""no_responders":true,"jwt":"eyJ0"}"#))
        for key in ["user", "pass", "auth_token", "nkey", "sig"] {
            #expect(!line.contains("\"\(key)\""), "\(key) should be omitted")
        }
    }

    @Test func escapesStrings() {
        let line = connectLine(ConnectOptions(name: "say \"hi\"\\\n\t\u{1}", pass: "p\"w"))
        #expect(line.contains(#""name":"say \"hi\"\\\n\t\u0001""#))
        #expect(line.contains(#""pass":"p\"w""#))
        #expect(line.hasSuffix("}\r\n"))
    }

    @Test func writtenJSONParsesBack() throws {
        let options = ConnectOptions(name: "n\"é😀", user: "bob", pass: "s3cr\\et", nkey: "UX", signature: "c2ln")
        var buffer = ByteBuffer()
        buffer.writeConnect(options)
        #expect(buffer.readString(length: 8) == "CONNECT ")
        let json = buffer.getSlice(at: buffer.readerIndex, length: buffer.readableBytes - 2)!
        var strings: [String: String] = [:]
        var keys: [String] = []
        try JSONScanner.forEachMember(in: json) { key, scanner in
            keys.append(key)
            if try scanner.peekKind() == .string { strings[key] = try scanner.readString() }
        }
        #expect(keys == ["verbose", "pedantic", "tls_required", "echo", "name", "lang", "version", "protocol", "headers", "no_responders", "user", "pass", "nkey", "sig"])
        #expect(strings["name"] == "n\"é😀")
        #expect(strings["pass"] == "s3cr\\et")
        #expect(strings["sig"] == "c2ln")
    }

    @Test func appendsToExistingBytes() {
        var buffer = ByteBuffer(string: "PING\r\n")
        buffer.writeConnect(ConnectOptions())
        #expect(String(buffer: buffer).hasPrefix("PING\r\nCONNECT {\"verbose\":false,"))
    }

    @Test func descriptionRedactsSecrets() {
        let jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.SECRETPAYLOADPART.SIGNATUREPART"
        let options = ConnectOptions(
            name: "svc", user: "alice", pass: "hunter2", authToken: "tok-123", jwt: jwt, nkey: "UABC",
            signature: "sig-xyz"
        )
        for text in [options.description, options.debugDescription, "\(options)", String(reflecting: options)] {
            #expect(!text.contains("hunter2"))
            #expect(!text.contains("tok-123"))
            #expect(!text.contains("sig-xyz"))
            #expect(!text.contains("SECRETPAYLOADPART"))
            #expect(!text.contains(jwt))
            #expect(text.contains("pass: <redacted>"))
            #expect(text.contains("authToken: <redacted>"))
            #expect(text.contains("signature: <redacted>"))
            #expect(text.contains("eyJ0eXAiOi…"))
            #expect(text.contains("alice"))
            #expect(text.contains("UABC"))
        }
    }

    @Test func descriptionOmitsAbsentSecrets() {
        let text = ConnectOptions().description
        #expect(!text.contains("redacted"))
        #expect(!text.contains("jwt"))
        #expect(text.hasPrefix("ConnectOptions(verbose: false, pedantic: false"))
    }
}
