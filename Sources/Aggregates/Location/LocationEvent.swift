/// The events of the reference (`LocationDomainEvent`, externally tagged in JSON). Every body
/// carries `location_id`; none carries a time (the envelope's `timestamp` does).
public enum LocationEvent: Hashable, Sendable {
    case locationDefined(LocationDefinition)
    case locationUpdated(LocationUpdate)
    case parentLocationSet(locationID: LocationID, parentID: LocationID, previousParentID: LocationID?, reason: String)
    case parentLocationRemoved(locationID: LocationID, previousParentID: LocationID, reason: String)
    /// `addedMetadata`: the entries the command added or changed; `currentMetadata`: all entries after.
    case locationMetadataAdded(locationID: LocationID, addedMetadata: [String: String], currentMetadata: [String: String], reason: String)
    case locationArchived(locationID: LocationID, name: String, locationType: LocationType, reason: String)
}

extension LocationEvent: AggregateEvent {
    /// The reference's event name; the JSON tag.
    public var typeName: String {
        switch self {
        case .locationDefined: "LocationDefined"
        case .locationUpdated: "LocationUpdated"
        case .parentLocationSet: "ParentLocationSet"
        case .parentLocationRemoved: "ParentLocationRemoved"
        case .locationMetadataAdded: "LocationMetadataAdded"
        case .locationArchived: "LocationArchived"
        }
    }

    /// The last token of `events.location.{location_id}.{suffix}` (the seed's form).
    public var subjectSuffix: String {
        switch self {
        case .locationDefined: "defined"
        case .locationUpdated: "updated"
        case .parentLocationSet: "parent_set"
        case .parentLocationRemoved: "parent_removed"
        case .locationMetadataAdded: "metadata_added"
        case .locationArchived: "archived"
        }
    }

    /// The location the event belongs to.
    public var locationID: LocationID {
        switch self {
        case .locationDefined(let definition): definition.locationID
        case .locationUpdated(let update): update.locationID
        case .parentLocationSet(let id, _, _, _), .parentLocationRemoved(let id, _, _), .locationMetadataAdded(let id, _, _, _),
            .locationArchived(let id, _, _, _):
            id
        }
    }
}
