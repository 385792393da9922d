/// An event as stored: `aggregate_id`, `sequence`, `event`, `timestamp`, `correlation_id`, `causation_id`.
public struct EventEnvelope<ID: AggregateID, Event: AggregateEvent>: Sendable {
    public let aggregateID: ID
    /// 1-based position in the aggregate's stream (the version after this event).
    public let sequence: Int
    public let event: Event
    public let timestamp: Timestamp
    public let correlationID: String
    public let causationID: String

    @inlinable
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

    /// The envelope of the event at `index` among those decided for one command: its sequence
    /// continues after `version`, the correlation id is the command's, the causation id is the
    /// command's own id.
    ///
    /// Inlinable, like `wrap`: a runtime generic over its domain builds envelopes on every
    /// command, and called across the module unspecialized they cost a generic metadata lookup
    /// each (measured: 2.8 % of the Person service's CPU, in `wrap`).
    @inlinable
    public init(_ event: Event, at index: Int, aggregateID: ID, after version: Int, metadata: CommandMetadata) {
        self.init(
            aggregateID: aggregateID, sequence: version + index + 1, event: event, timestamp: metadata.issuedAt,
            correlationID: metadata.correlationID, causationID: metadata.commandID)
    }

    /// Wraps the events decided for one command (see `init(_:at:aggregateID:after:metadata:)`).
    /// - Returns: one envelope per event, in order.
    @inlinable
    public static func wrap(
        _ events: [Event], aggregateID: ID, after version: Int, metadata: CommandMetadata
    ) -> [EventEnvelope] {
        // A plain loop: `enumerated().map` ran unspecialized and allocated five times (measured).
        var envelopes: [EventEnvelope] = []
        envelopes.reserveCapacity(events.count)
        for index in 0..<events.count {
            envelopes.append(EventEnvelope(events[index], at: index, aggregateID: aggregateID, after: version, metadata: metadata))
        }
        return envelopes
    }
}

extension EventEnvelope: Equatable where Event: Equatable {}
