/// Why the runtime could not start or had to stop.
package struct RuntimeError: Error, Sendable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case unsupportedServer = "unsupported_server", streamSetup = "stream_setup", drainIncomplete = "drain_incomplete"
        }
        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// The server lacks a feature the configuration needs.
        package static let unsupportedServer = Code(.unsupportedServer)
        /// The stream or the snapshot bucket cannot be created or used as configured.
        package static let streamSetup = Code(.streamSetup)
        /// Commands were still unanswered when the drain ran out of time.
        package static let drainIncomplete = Code(.drainIncomplete)

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

    package var description: String { "\(code): \(message)" }
}
