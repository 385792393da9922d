/// One recorded fact about a person: what kind, its value, when it holds, and where it came from.
public struct PersonAttribute: Hashable, Sendable {
    public var attributeType: AttributeType
    public var value: AttributeValue
    public var temporal: TemporalValidity
    public var provenance: Provenance

    public init(attributeType: AttributeType, value: AttributeValue, temporal: TemporalValidity, provenance: Provenance) {
        self.attributeType = attributeType
        self.value = value
        self.temporal = temporal
        self.provenance = provenance
    }

    /// Still valid: not invalidated (`valid_until` unset).
    public var isCurrent: Bool { temporal.validUntil == nil }
}

/// `temporal`: when the attribute was recorded and the days it is valid for.
public struct TemporalValidity: Hashable, Sendable {
    public var recordedAt: Timestamp
    public var validFrom: CalendarDate?
    public var validUntil: CalendarDate?

    public init(recordedAt: Timestamp, validFrom: CalendarDate? = nil, validUntil: CalendarDate? = nil) {
        self.recordedAt = recordedAt
        self.validFrom = validFrom
        self.validUntil = validUntil
    }
}

/// `provenance`: the source, how sure it is, who recorded it, and its transformation trace.
public struct Provenance: Hashable, Sendable {
    public var source: AttributeSource
    public var confidence: ConfidenceLevel
    public var recordedBy: String?
    /// The transformation trace: each entry is kept as its JSON text and written back verbatim.
    public var trace: [String]

    public init(source: AttributeSource, confidence: ConfidenceLevel, recordedBy: String? = nil, trace: [String] = []) {
        self.source = source
        self.confidence = confidence
        self.recordedBy = recordedBy
        self.trace = trace
    }
}

/// `provenance.source`.
public enum AttributeSource: Hashable, Sendable {
    case selfReported
    case measured
    case documentVerified
    case computed
    case imported(system: String)
}

/// `provenance.confidence`.
public enum ConfidenceLevel: String, Hashable, Sendable, CaseIterable {
    case certain = "Certain"
    case likely = "Likely"
    case possible = "Possible"
    case uncertain = "Uncertain"
}
