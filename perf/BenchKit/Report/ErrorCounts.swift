/// The load's errors by kind, and by the service's error code.
package struct ErrorCounts: Codable, Sendable, Equatable {
    package enum Kind: String, CaseIterable, Sendable {
        /// No reply within the timeout.
        case timeouts
        /// `conflict`: optimistic concurrency lost even after the service's own retries.
        case conflicts
        /// `busy`, `shutting_down`, `deadline_exceeded`: back-pressure, retry later (not run).
        case busy
        /// A domain's refusal or a decoding error: the command was wrong for the service.
        case validation
        /// The event store failed (`store_unavailable`, `store_outcome_unknown`, …).
        case store
        /// The request could not be made (no responders, a closed connection).
        case transport
        /// A reply the contract does not have, or with another version than expected.
        case wrongReply = "wrong_reply"
    }

    package var timeouts = 0
    package var conflicts = 0
    package var busy = 0
    package var validation = 0
    package var store = 0
    package var transport = 0
    package var wrongReply = 0
    /// Refusals by their error code.
    package var byCode: [String: Int] = [:]

    package init() {}

    enum CodingKeys: String, CodingKey {
        case timeouts, conflicts, busy, validation, store, transport
        case wrongReply = "wrong_reply"
        case byCode = "by_code"
    }

    /// The kind of a refusal's error code.
    package static func kind(ofCode code: String) -> Kind {
        switch code {
        case "conflict", "duplicate_command_id": .conflicts
        case "busy", "shutting_down", "deadline_exceeded": .busy
        case "store_unavailable", "store_outcome_unknown", "store", "corrupt_history", "read_model_failed", "not_caught_up": .store
        default: .validation
        }
    }

    package mutating func count(_ kind: Kind, _ number: Int = 1) {
        switch kind {
        case .timeouts: timeouts += number
        case .conflicts: conflicts += number
        case .busy: busy += number
        case .validation: validation += number
        case .store: store += number
        case .transport: transport += number
        case .wrongReply: wrongReply += number
        }
    }

    /// A refusal with `code`.
    package mutating func refused(_ code: String) {
        count(Self.kind(ofCode: code))
        byCode[code, default: 0] += 1
    }

    package subscript(kind: Kind) -> Int {
        switch kind {
        case .timeouts: timeouts
        case .conflicts: conflicts
        case .busy: busy
        case .validation: validation
        case .store: store
        case .transport: transport
        case .wrongReply: wrongReply
        }
    }

    package var total: Int { Kind.allCases.reduce(0) { $0 + self[$1] } }

    package mutating func add(_ other: ErrorCounts) {
        for kind in Kind.allCases { count(kind, other[kind]) }
        byCode.merge(other.byCode, uniquingKeysWith: +)
    }

    /// `none`, or `timeouts 3, busy 10 (busy 10)`.
    package var summary: String {
        guard total > 0 else { return "none" }
        let kinds = Kind.allCases.filter { self[$0] > 0 }.map { "\($0.rawValue) \(self[$0])" }.joined(separator: ", ")
        let codes = byCode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return codes.isEmpty ? kinds : "\(kinds) (codes: \(codes))"
    }
}
