import NATS

/// Why the event store could not do what was asked. Keeps the JetStream cause.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case conflict, unavailable, outcomeUnknown = "outcome_unknown", corruptHistory = "corrupt_history"
            case notSupported = "not_supported"
            case forbidden, tooLarge = "too_large"
        }
        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// The aggregate's last sequence was not the expected one: another writer stored first.
        package static let conflict = Code(.conflict)
        /// The store refused or could not be reached; nothing was stored.
        package static let unavailable = Code(.unavailable)
        /// No answer (timeout, connection lost): the events may or may not be stored.
        package static let outcomeUnknown = Code(.outcomeUnknown)
        /// The stored history cannot be read back as a gap-free sequence of this domain's events.
        package static let corruptHistory = Code(.corruptHistory)
        /// The server cannot store this append as asked (several events without atomic batches).
        package static let notSupported = Code(.notSupported)
        /// The server's permissions refuse this connection the events' subjects; nothing was stored.
        package static let forbidden = Code(.forbidden)
        /// An event is larger than the server or stream accepts; nothing was stored, and sending
        /// the same command again cannot succeed.
        package static let tooLarge = Code(.tooLarge)

        package var description: String { base.rawValue }
    }

    package let code: Code
    package let message: String
    package let underlying: (any Error)?

    package init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// Classifies a JetStream failure of an append.
    package init(appendFailure error: any Error, aggregate: String) {
        if let client = error as? NATSClientError, client.code == .maximumPayloadExceeded {
            self.init(sendFailure: client, aggregate: aggregate)
            return
        }
        guard let js = error as? JetStreamError else {
            self.init(.outcomeUnknown, "appending to \(aggregate) failed: \(error)", underlying: error)
            return
        }
        switch js.code {
        case .wrongLastSequence:
            self.init(.conflict, "another writer appended to \(aggregate) first", underlying: js)
        case .timeout, .outcomeUnknown, .closed:
            self.init(.outcomeUnknown, "appending to \(aggregate): \(js.detail)", underlying: js)
        case .permissionsViolation:
            self.init(.forbidden, "appending to \(aggregate) was refused: \(js.detail)", underlying: js)
        case .messageTooLarge:
            self.init(.tooLarge, "appending to \(aggregate) was refused: \(js.detail)", underlying: js)
        default:
            self.init(.unavailable, "appending to \(aggregate) was refused: \(js.detail)", underlying: js)
        }
    }

    /// Classifies an append the client could not send: nothing was stored.
    package init(sendFailure error: any Error, aggregate: String) {
        if let client = error as? NATSClientError, client.code == .maximumPayloadExceeded {
            self.init(.tooLarge, "an event of \(aggregate) is too large to store: \(client.detail)", underlying: client)
        } else {
            self.init(.unavailable, "appending to \(aggregate) could not be sent: \(error)", underlying: error)
        }
    }

    package var description: String {
        if let underlying { return "\(code): \(message) (\(underlying))" }
        return "\(code): \(message)"
    }
}
