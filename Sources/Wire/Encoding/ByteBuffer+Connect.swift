package import NIOCore

extension ByteBuffer {
    /// Appends `CONNECT {json}\r\n`, writing the JSON straight into the buffer.
    ///
    /// Keys are written in the order `verbose`, `pedantic`, `tls_required`, `echo`, `name`,
    /// `lang`, `version`, `protocol`, `headers`, `no_responders`, `user`, `pass`, `auth_token`,
    /// `jwt`, `nkey`, `sig`; optional fields that are `nil` are left out. Strings are JSON-escaped.
    /// The server rejects lines over its `max_control_line` (4096 by default); a long JWT counts.
    ///
    /// - Parameter options: The connect options to send.
    package mutating func writeConnect(_ options: ConnectOptions) {
        writeStaticString("CONNECT {\"verbose\":")
        writeJSONBool(options.verbose)
        writeStaticString(",\"pedantic\":")
        writeJSONBool(options.pedantic)
        writeStaticString(",\"tls_required\":")
        writeJSONBool(options.tlsRequired)
        writeStaticString(",\"echo\":")
        writeJSONBool(options.echo)
        if let name = options.name {
            writeStaticString(",\"name\":")
            writeJSONString(name)
        }
        writeStaticString(",\"lang\":")
        writeJSONString(options.lang)
        writeStaticString(",\"version\":")
        writeJSONString(options.version)
        writeStaticString(",\"protocol\":")
        writeJSONInteger(options.protocolVersion)
        writeStaticString(",\"headers\":")
        writeJSONBool(options.headers)
        writeStaticString(",\"no_responders\":")
        writeJSONBool(options.noResponders)
        writeOptionalJSONMember(",\"user\":", options.user)
        writeOptionalJSONMember(",\"pass\":", options.pass)
        writeOptionalJSONMember(",\"auth_token\":", options.authToken)
        writeOptionalJSONMember(",\"jwt\":", options.jwt)
        writeOptionalJSONMember(",\"nkey\":", options.nkey)
        writeOptionalJSONMember(",\"sig\":", options.signature)
        writeStaticString("}\r\n")
    }

    /// Writes `prefix` and the escaped string when `value` is not `nil`.
    private mutating func writeOptionalJSONMember(_ prefix: StaticString, _ value: String?) {
        guard let value else { return }
        writeStaticString(prefix)
        writeJSONString(value)
    }
}
