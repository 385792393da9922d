/// Where a domain's events live in its stream, and which subjects guard an aggregate.
///
/// `perEventSubject` (the contract's layout, nats-server 2.11+): `<prefix>.<id>.<suffix>`, and an
/// append is guarded by the last sequence over `<prefix>.<id>.>` with
/// `Nats-Expected-Last-Subject-Sequence-Subject`. `perAggregateSubject` (older servers, which
/// cannot guard a wildcard): every event of an aggregate on `<prefix>.<id>`, the event's name in
/// its envelope, so the plain `Nats-Expected-Last-Subject-Sequence` on that one subject still
/// guards the whole aggregate.
package struct EventLayout: Sendable, Hashable {
    package enum Kind: String, Sendable, Hashable {
        case perEventSubject = "per-event-subject"
        case perAggregateSubject = "per-aggregate-subject"
    }

    /// `person.events`.
    package let prefix: String
    package let kind: Kind

    package init(prefix: String, kind: Kind) {
        self.prefix = prefix
        self.kind = kind
    }

    /// The subject an event of `aggregate` is stored on.
    package func subject(aggregate: String, suffix: String) -> String {
        switch kind {
        case .perEventSubject: Self.dotted(prefix, aggregate, suffix)
        case .perAggregateSubject: Self.dotted(prefix, aggregate)
        }
    }

    /// The filter that selects every event of `aggregate` (and is the guard's subject).
    package func filter(aggregate: String) -> String {
        switch kind {
        case .perEventSubject: "\(prefix).\(aggregate).>"
        case .perAggregateSubject: "\(prefix).\(aggregate)"
        }
    }

    /// The value of `Nats-Expected-Last-Subject-Sequence-Subject`, or `nil` when the message's own
    /// subject is the guard.
    package func guardSubject(aggregate: String) -> String? {
        switch kind {
        case .perEventSubject: Self.dotted(prefix, aggregate, ">")
        case .perAggregateSubject: nil
        }
    }

    /// Tokens joined by dots, in one allocation (these are built for every append).
    static func dotted(_ first: String, _ second: String, _ third: String? = nil) -> String {
        var subject = ""
        subject.reserveCapacity(first.utf8.count + 1 + second.utf8.count + (third.map { 1 + $0.utf8.count } ?? 0))
        subject.append(first)
        subject.append(".")
        subject.append(second)
        if let third {
            subject.append(".")
            subject.append(third)
        }
        return subject
    }

    /// The subject of a scope's claims (`Aggregate.exclusiveScope`): `<prefix>._claims.<scope>`,
    /// inside the stream and outside every aggregate's subjects (an id is never `_claims`).
    package func claimSubject(scope: String) -> String { "\(prefix)._claims.\(scope)" }

    /// The stream's subjects: `<prefix>.>` (command subjects are never captured).
    package var streamSubjects: [String] { ["\(prefix).>"] }
}
