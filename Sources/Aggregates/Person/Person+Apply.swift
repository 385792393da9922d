extension Person {
    /// Folds one event; every event adds 1 to `version`. Never fails: events are facts.
    public mutating func apply(_ event: PersonEvent) {
        version += 1
        switch event {
        case .personCreated(let id, let name, let source, let createdAt):
            self.id = id
            self.name = name
            self.source = source
            self.createdAt = createdAt
            self.updatedAt = createdAt
            status = .active
        case .personUpdated(_, let name, let at):
            self.name = name
            updatedAt = at
        case .nameUpdated(_, _, let newName, _, let at):
            name = newName
            updatedAt = at
        case .birthDateSet(_, let date, let at):
            birthDate = date
            updatedAt = at
        case .deathRecorded(_, let date, let at):
            dateOfDeath = date
            status = .deceased(dateOfDeath: date)
            updatedAt = at
        case .personDeactivated(_, let reason, let at):
            status = .deactivated(reason: reason)
            updatedAt = at
        case .personReactivated(_, _, let at):
            status = .active
            updatedAt = at
        case .personMergedInto(_, let target, let reason, let at):
            status = .mergedInto(target, reason: reason)
            updatedAt = at
        case .attributeRecorded(_, let attribute, let at):
            attributes.append(attribute)
            updatedAt = at
        case .attributeUpdated(_, let type, _, let new, let at):
            if let index = attributes.firstIndex(where: { $0.attributeType == type && $0.isCurrent }) {
                attributes[index] = new
            } else {
                attributes.append(new)
            }
            updatedAt = at
        case .attributeInvalidated(_, let type, let at, _):
            for index in attributes.indices where attributes[index].attributeType == type && attributes[index].isCurrent {
                attributes[index].temporal.validUntil = at.date
            }
            updatedAt = at
        }
    }
}
