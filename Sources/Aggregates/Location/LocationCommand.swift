/// The six commands, one per subject `location.commands.{define|update|set_parent|remove_parent|add_metadata|archive}`.
public enum LocationCommand: Hashable, Sendable {
    case define(LocationDefinition)
    case update(LocationChanges)
    case setParent(locationID: LocationID, parentID: LocationID, reason: String)
    case removeParent(locationID: LocationID, reason: String)
    case addMetadata(locationID: LocationID, metadata: [String: String], reason: String)
    case archive(locationID: LocationID, reason: String)

    /// Every subject verb, in the contract's order.
    public static let verbs = ["define", "update", "set_parent", "remove_parent", "add_metadata", "archive"]

    /// Every command's name, in the order of `verbs` (metrics label commands by it).
    public static let typeNames = [
        "DefineLocation", "UpdateLocation", "SetParentLocation", "RemoveParentLocation", "AddLocationMetadata", "ArchiveLocation",
    ]

    /// The location the command is addressed to.
    public var locationID: LocationID {
        switch self {
        case .define(let definition): definition.locationID
        case .update(let changes): changes.locationID
        case .setParent(let id, _, _), .removeParent(let id, _), .addMetadata(let id, _, _), .archive(let id, _): id
        }
    }

    /// The last token of the command's subject, e.g. `set_parent`.
    public var verb: String {
        switch self {
        case .define: "define"
        case .update: "update"
        case .setParent: "set_parent"
        case .removeParent: "remove_parent"
        case .addMetadata: "add_metadata"
        case .archive: "archive"
        }
    }

    /// The original's name for the command, e.g. `SetParentLocation`.
    public var typeName: String {
        switch self {
        case .define: "DefineLocation"
        case .update: "UpdateLocation"
        case .setParent: "SetParentLocation"
        case .removeParent: "RemoveParentLocation"
        case .addMetadata: "AddLocationMetadata"
        case .archive: "ArchiveLocation"
        }
    }

    /// The parent the command would give the location: `set_parent`'s, or `define`'s `parent_id`.
    public var proposedParent: LocationID? {
        switch self {
        case .define(let definition): definition.parentID
        case .setParent(_, let parent, _): parent
        case .update, .removeParent, .addMetadata, .archive: nil
        }
    }
}
