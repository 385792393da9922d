/// An event as stored: `aggregate_id`, `sequence`, `event`, `timestamp`, `correlation_id`, `causation_id`.
public struct EventEnvelope<ID: AggregateID, Event: AggregateEvent>: Sendable {
    public let aggregateID: ID
    /// 1-based position in the aggregate's stream (the version after this event).
    public let sequence: Int
    public let event: Event
    public let timestamp: Timestamp
    public let correlationID: String
    public let causationID: String

    public init(
        aggregateID: ID, sequence: Int, event: Event, timestamp: Timestamp, correlationID: String, causationID: String
    ) {
        self.aggregateID = aggregateID
        self.sequence = sequence
        self.event = event
        self.timestamp = timestamp
        self.correlationID = correlationID
        self.causationID = causationID
    }

    /// Wraps the events decided for one command: sequences continue after `version`, the
    /// correlation id is the command's, the causation id is the command's own id.
    /// - Returns: one envelope per event, in order.
    public static func wrap(
        _ events: [Event], aggregateID: ID, after version: Int, metadata: CommandMetadata
    ) -> [EventEnvelope] {
        // A plain loop: `enumerated().map` ran unspecialized and allocated five times (measured).
        var envelopes: [EventEnvelope] = []
        envelopes.reserveCapacity(events.count)
        for index in events.indices {
            envelopes.append(EventEnvelope(
                aggregateID: aggregateID, sequence: version + index + 1, event: events[index],
                timestamp: metadata.issuedAt, correlationID: metadata.correlationID,
                causationID: metadata.commandID))
        }
        return envelopes
    }
}

extension EventEnvelope: Equatable where Event: Equatable {}
