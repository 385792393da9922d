/// One operation received from a NATS server.
public enum ServerOp: Sendable, Equatable {
    /// `INFO {json}`: the first line of a connection, and asynchronous updates later.
    indirect case info(ServerInfo)
    /// `MSG` or `HMSG`: a delivery to one of our subscriptions.
    case msg(NATSMessage)
    /// `PING`: must be answered with `PONG`.
    case ping
    /// `PONG`: answers one of our `PING`s (FIFO).
    case pong
    /// `+OK`: only in verbose mode.
    case ok
    /// `-ERR 'text'`: the text with its single quotes removed.
    case err(ServerError)
}
