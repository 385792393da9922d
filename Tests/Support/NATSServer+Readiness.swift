import NIOCore
import NIOPosix

extension NATSServer {
    /// The outcome of one readiness probe.
    enum Probe: Sendable {
        /// The server sent this `INFO` line (without CRLF).
        case info(String)
        /// Nothing accepts connections on the port yet (the connect error).
        case refused(String)
        /// Something answered, but not with an `INFO` line.
        case unexpected(String)
    }

    /// Connects to `<host>:<port>`, reads the first line, and closes.
    ///
    /// - Parameters:
    ///   - host: The server's address.
    ///   - port: The client port.
    ///   - timeout: The longest time to wait for the line.
    /// - Returns: What was seen.
    static func probe(host: String, port: Int, timeout: Duration) async -> Probe {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(500))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            return .refused("\(error)")
        }
        do {
            return try await withTimeout(timeout, "the INFO line on port \(port)") {
                try await channel.executeThenClose { inbound, _ in
                    var received = ByteBuffer()
                    for try await chunk in inbound {
                        received.writeImmutableBuffer(chunk)
                        let view = received.readableBytesView
                        if let newline = view.firstIndex(of: UInt8(ascii: "\n")) {
                            var line = String(decoding: view[view.startIndex..<newline], as: UTF8.self)
                            if line.hasSuffix("\r") { line.removeLast() }
                            return line.hasPrefix("INFO ") ? Probe.info(line) : Probe.unexpected(line)
                        }
                        if received.readableBytes > 1 << 20 {
                            return Probe.unexpected("more than 1 MiB without a newline")
                        }
                    }
                    return Probe.unexpected("connection closed after \(received.readableBytes) bytes")
                }
            }
        } catch {
            return .unexpected("\(error)")
        }
    }
}
