import NIOCore
import Wire

/// Receives the deliveries of a subscription directly on the connection's event loop, without
/// a buffer or a task hop: for the client's own fast paths (JetStream PubAcks, pull consumer
/// inboxes), whose memory is bounded by their own windows.
///
/// Every method runs on the event loop and must return quickly without blocking.
package protocol NATSMessageHandler: AnyObject, Sendable {
    /// Messages of one socket read for this subscription, in order.
    func receive(_ messages: ArraySlice<NATSMessage>)
    /// The connection was lost; the subscription stays and is restored after the reconnect.
    func connectionLost(_ reason: NATSClientError)
    /// The subscription ended: unsubscribed, drained, or the client closed (`error` when it failed).
    func finished(_ error: NATSClientError?)
    /// True while the handler waits for replies; `drain()` waits until it is false.
    var hasPendingWork: Bool { get }
    /// The server refused a publish of this connection to `subject` (its permissions): that
    /// message went nowhere, and no reply to it will come.
    func publishRefused(to subject: String, _ error: NATSClientError)
}

extension NATSMessageHandler {
    package func publishRefused(to subject: String, _ error: NATSClientError) {}
}

/// Where a subscription's deliveries go.
enum SubscriptionSink: Sendable {
    case buffer(SubscriptionBuffer)
    case handler(any NATSMessageHandler)

    func finish(_ error: NATSClientError? = nil) {
        switch self {
        case .buffer(let buffer): buffer.finish(error)
        case .handler(let handler): handler.finished(error)
        }
    }

    /// Messages waiting to be taken (a handler holds none).
    var isIdle: Bool {
        switch self {
        case .buffer(let buffer): buffer.pendingMessages == 0
        case .handler(let handler): !handler.hasPendingWork
        }
    }
}
