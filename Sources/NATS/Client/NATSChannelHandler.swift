import NIOCore
import NIOTLS
import Wire

/// The thin NIO handler of one connection attempt: decodes ops with `NATSDecoder`, hands them to
/// the client, and reads from the socket only while every subscription buffer has room.
final class NATSChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Sent through the pipeline when full subscription buffers have drained.
    struct ResumeReading: Sendable {}

    private let client: NATSClient
    private let generation: UInt64
    private var decoder = NATSDecoder()
    /// Received bytes not decoded yet (the start of a frame that a later read completes).
    private var undecoded: ByteBuffer?
    private var readPending = false
    private var failed = false
    /// The reused array for the deliveries of one read (taken out while the read is decoded).
    private var deliveries: [NATSMessage] = []

    init(client: NATSClient, generation: UInt64) {
        self.client = client
        self.generation = generation
    }

    func channelActive(context: ChannelHandlerContext) {
        client.channelActive(context.channel, generation: generation)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let bytes = unwrapInboundIn(data)
        // The batch, the decoder and the bytes are locals while the read is decoded: mutating a
        // stored property of this class costs a dynamic exclusivity check, and they change once per
        // frame. Swapping keeps the batch's capacity; taking the bytes out keeps them unshared.
        // (What NIOSingleStepByteToMessageProcessor does, without its per-frame checks.)
        var batch: [NATSMessage] = []
        swap(&batch, &deliveries)
        var decoder = self.decoder
        var buffer = bytes
        if var rest = undecoded.take(), rest.readableBytes > 0 {
            rest.writeBuffer(&buffer)
            buffer = rest
        }
        defer {
            swap(&batch, &deliveries)
            self.decoder = decoder
            undecoded = buffer
        }
        do {
            while buffer.readableBytes > 0, let op = try decoder.decode(buffer: &buffer) {
                if case .msg(let message) = op {
                    batch.append(message)
                } else {
                    deliver(&batch)  // keep the order of deliveries and control ops
                    client.received(op, generation: generation)
                }
            }
            if buffer.readerIndex > 0, decoder.shouldReclaimBytes(buffer: buffer) {
                buffer.discardReadBytes()
            }
            deliver(&batch)
        } catch {
            deliver(&batch)
            failed = true  // Nothing after the broken frame can be trusted; the machine closes the socket.
            let protocolError = error as? NATSProtocolError
                ?? NATSProtocolError(.invalidArguments, "the decoder failed: \(error)")
            client.decodeFailed(protocolError, generation: generation)
        }
    }

    /// Hands the deliveries decoded so far to the client, together.
    private func deliver(_ batch: inout [NATSMessage]) {
        guard !batch.isEmpty else { return }
        client.deliver(batch)
        batch.removeAll(keepingCapacity: true)
    }

    func read(context: ChannelHandlerContext) {
        if client.mayRead {
            context.read()
        } else {
            readPending = true
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent {
            client.tlsEstablished(generation: generation)
            context.fireUserInboundEventTriggered(event)
            return
        }
        if event is ResumeReading {
            if readPending, client.mayRead {
                readPending = false
                context.read()
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        client.writabilityChanged(context.channel.isWritable, generation: generation)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        client.channelClosed(generation: generation, error: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let reason = NATSClient.tlsFailure(error) ?? NATSClientError(.connectionClosed, "connection error", underlying: error)
        client.channelClosed(generation: generation, error: reason)
        context.close(promise: nil)
    }
}
