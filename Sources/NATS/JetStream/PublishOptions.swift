import Wire

/// The JetStream headers of one publish: deduplication and optimistic-concurrency expectations.
/// Header names are written in the exact case the server matches.
public struct PublishOptions: Sendable, Hashable {
    /// `Nats-Msg-Id`: a repeat within the stream's duplicate window is acknowledged as a
    /// duplicate and stored once.
    public var messageID: String?
    /// `Nats-Expected-Stream`: fail unless this stream stores the message.
    public var expectedStream: String?
    /// `Nats-Expected-Last-Sequence`: the stream's last sequence must be this.
    public var expectedLastSequence: UInt64?
    /// `Nats-Expected-Last-Subject-Sequence`: the last sequence on the subject (or on
    /// `expectedLastSubjectSequenceSubject`) must be this; 0 means no message yet.
    public var expectedLastSubjectSequence: UInt64?
    /// `Nats-Expected-Last-Subject-Sequence-Subject` (2.11+): the subject, wildcards allowed,
    /// whose last sequence `expectedLastSubjectSequence` checks.
    public var expectedLastSubjectSequenceSubject: String?
    /// `Nats-Expected-Last-Msg-Id`: the stream's last message id must be this.
    public var expectedLastMessageID: String?
    /// `Nats-TTL` (2.11+, stream `allow_msg_ttl`): e.g. `"1h"`, `"30s"`, or `"never"`.
    public var ttl: String?
    /// More headers, sent before the JetStream ones.
    public var headers: NATSHeaderFields?

    public init(
        messageID: String? = nil,
        expectedStream: String? = nil,
        expectedLastSequence: UInt64? = nil,
        expectedLastSubjectSequence: UInt64? = nil,
        expectedLastSubjectSequenceSubject: String? = nil,
        expectedLastMessageID: String? = nil,
        ttl: String? = nil,
        headers: NATSHeaderFields? = nil
    ) {
        self.messageID = messageID
        self.expectedStream = expectedStream
        self.expectedLastSequence = expectedLastSequence
        self.expectedLastSubjectSequence = expectedLastSubjectSequence
        self.expectedLastSubjectSequenceSubject = expectedLastSubjectSequenceSubject
        self.expectedLastMessageID = expectedLastMessageID
        self.ttl = ttl
        self.headers = headers
    }

    public enum HeaderName {
        public static let messageID = "Nats-Msg-Id"
        public static let expectedStream = "Nats-Expected-Stream"
        public static let expectedLastSequence = "Nats-Expected-Last-Sequence"
        public static let expectedLastSubjectSequence = "Nats-Expected-Last-Subject-Sequence"
        public static let expectedLastSubjectSequenceSubject = "Nats-Expected-Last-Subject-Sequence-Subject"
        public static let expectedLastMessageID = "Nats-Expected-Last-Msg-Id"
        public static let ttl = "Nats-TTL"
        public static let rollup = "Nats-Rollup"
        public static let batchID = "Nats-Batch-Id"
        public static let batchSequence = "Nats-Batch-Sequence"
        public static let batchCommit = "Nats-Batch-Commit"
    }

    /// True when no header would be sent.
    public var isEmpty: Bool {
        messageID == nil && expectedStream == nil && expectedLastSequence == nil && expectedLastSubjectSequence == nil
            && expectedLastSubjectSequenceSubject == nil && expectedLastMessageID == nil && ttl == nil && (headers?.isEmpty ?? true)
    }

    /// The header fields, or nil when there are none.
    public var headerFields: NATSHeaderFields? {
        if isEmpty { return nil }
        var fields = headers ?? NATSHeaderFields()
        fields.reserveCapacity(fields.fields.count + Self.maxFields)
        append(to: &fields)
        return fields
    }

    /// The most fields `append(to:)` adds.
    static var maxFields: Int { 7 }

    /// Appends the JetStream headers to `fields`.
    func append(to fields: inout NATSHeaderFields) {
        if let messageID { fields.append(knownName: HeaderName.messageID, messageID) }
        if let expectedStream { fields.append(knownName: HeaderName.expectedStream, expectedStream) }
        if let expectedLastSequence { fields.append(knownName: HeaderName.expectedLastSequence, String(expectedLastSequence)) }
        if let expectedLastSubjectSequence { fields.append(knownName: HeaderName.expectedLastSubjectSequence, String(expectedLastSubjectSequence)) }
        if let expectedLastSubjectSequenceSubject {
            fields.append(knownName: HeaderName.expectedLastSubjectSequenceSubject, expectedLastSubjectSequenceSubject)
        }
        if let expectedLastMessageID { fields.append(knownName: HeaderName.expectedLastMessageID, expectedLastMessageID) }
        if let ttl { fields.append(knownName: HeaderName.ttl, ttl) }
    }

    /// Checks the options against the server's features and the values' shapes.
    func validate(_ features: JetStreamFeatures?) throws(JetStreamError) {
        if expectedLastSubjectSequenceSubject != nil {
            guard expectedLastSubjectSequence != nil else {
                throw JetStreamError(.invalidArgument, "\(HeaderName.expectedLastSubjectSequenceSubject) needs expectedLastSubjectSequence")
            }
            if let features, !features.lastSubjectSequenceSubject {
                throw JetStreamError(
                    .featureUnavailable,
                    "\(HeaderName.expectedLastSubjectSequenceSubject) needs nats-server 2.11+ (this one is \(features.serverVersion)); use one subject per aggregate"
                )
            }
        }
        if ttl != nil, let features, !features.messageTTL {
            throw JetStreamError(.featureUnavailable, "per-message TTL needs nats-server 2.11+ (this one is \(features.serverVersion))")
        }
    }

    /// Whether the options use a header that only some servers understand.
    var needsFeatureCheck: Bool { expectedLastSubjectSequenceSubject != nil || ttl != nil }
}
