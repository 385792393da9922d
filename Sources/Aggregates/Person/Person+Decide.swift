extension Person {
    /// Decides a command against the current state.
    ///
    /// Rules (fixing the original): `CreatePerson` on an existing person is refused; a deactivated
    /// person can be reactivated; deceased and merged persons are terminal; blank reasons are refused;
    /// a command that would change nothing is refused with `.noChange` instead of succeeding silently.
    /// - Returns: the events to append, never empty.
    /// - Throws: `PersonError`.
    public func decide(_ command: Issued<PersonCommand>) throws(PersonError) -> [PersonEvent] {
        let at = command.metadata.issuedAt
        let body = command.body
        if case .createPerson(let id, let name, let source) = body {
            guard status == .notCreated else {
                throw PersonError(.alreadyExists, field: "person_id", message: "person \(id.text) already exists")
            }
            guard !name.isBlank else { throw PersonError(.invalid, field: "name", message: "name is empty") }
            guard !source.isBlank else { throw PersonError(.invalid, field: "source", message: "source is empty") }
            return [.personCreated(personID: id, name: name, source: source, createdAt: at)]
        }
        let id = try requireLive(body)
        switch body {
        case .createPerson:
            preconditionFailure("handled above")
        case .updateName(_, let newName, let reason):
            try requireActive()
            try checkOptional(reason)
            guard !newName.isBlank else { throw PersonError(.invalid, field: "name", message: "name is empty") }
            guard let oldName = name, oldName != newName else { throw noChange("the name is already that") }
            return [.nameUpdated(personID: id, oldName: oldName, newName: newName, reason: reason, updatedAt: at)]
        case .setBirthDate(_, let date):
            try requireActive()
            if let birthDate {
                guard birthDate != date else { throw noChange("the birth date is already that") }
                throw PersonError(.conflict, field: "birth_date", message: "a different birth date is recorded")
            }
            return [.birthDateSet(personID: id, birthDate: date, setAt: at)]
        case .recordDeath(_, let date):
            if let birthDate, date < birthDate {
                throw PersonError(.invalid, field: "date_of_death", message: "date of death is before the birth date")
            }
            return [.deathRecorded(personID: id, dateOfDeath: date, recordedAt: at)]
        case .deactivatePerson(_, let reason):
            try checkReason(reason)
            if case .deactivated = status { throw noChange("the person is already deactivated") }
            return [.personDeactivated(personID: id, reason: reason, deactivatedAt: at)]
        case .reactivatePerson(_, let reason):
            try checkReason(reason)
            guard case .deactivated = status else { throw noChange("the person is already active") }
            return [.personReactivated(personID: id, reason: reason, reactivatedAt: at)]
        case .mergePersons(_, let target, let reason):
            guard target != id else {
                throw PersonError(.invalid, field: "target_person_id", message: "a person cannot be merged into itself")
            }
            return [.personMergedInto(sourcePersonID: id, mergedIntoID: target, mergeReason: reason, mergedAt: at)]
        case .archivePerson(_, let reason):
            try checkReason(reason)
            throw PersonError(.notSupported, message: "the contract has no archive event; nothing was recorded")
        case .recordAttribute(_, let attribute):
            try requireActive()
            guard !attributes.contains(attribute) else { throw noChange("the attribute is already recorded") }
            return [.attributeRecorded(personID: id, attribute: attribute, recordedAt: at)]
        case .updateAttribute(_, let type, let new):
            try requireActive()
            guard new.attributeType == type else {
                throw PersonError(.invalid, field: "new_attribute", message: "its attribute_type differs from attribute_type")
            }
            guard let old = currentAttributes(of: type).first else {
                throw PersonError(.attributeNotFound, field: "attribute_type", message: "no current attribute of that type")
            }
            guard old != new else { throw noChange("the attribute is already that") }
            return [.attributeUpdated(personID: id, attributeType: type, oldAttribute: old, newAttribute: new, updatedAt: at)]
        case .invalidateAttribute(_, let type, let reason):
            try requireActive()
            try checkOptional(reason)
            guard !currentAttributes(of: type).isEmpty else {
                throw PersonError(.attributeNotFound, field: "attribute_type", message: "no current attribute of that type")
            }
            return [.attributeInvalidated(personID: id, attributeType: type, invalidatedAt: at, reason: reason)]
        }
    }

    /// The person exists, is addressed by the command, and is not terminal.
    private func requireLive(_ body: PersonCommand) throws(PersonError) -> PersonID {
        guard let id else {
            throw PersonError(.notFound, field: "person_id", message: "person \(body.personID.text) does not exist")
        }
        guard body.personID == id else {
            let field = if case .mergePersons = body { "source_person_id" } else { "person_id" }
            throw PersonError(.invalid, field: field, message: "addressed to \(body.personID.text), not \(id.text)")
        }
        switch status {
        case .deceased: throw PersonError(.deceased, message: "person \(id.text) is deceased")
        case .mergedInto(let target, _): throw PersonError(.merged, message: "person \(id.text) was merged into \(target.text)")
        case .notCreated, .active, .deactivated: return id
        }
    }

    private func requireActive() throws(PersonError) {
        if case .deactivated = status {
            throw PersonError(.deactivated, message: "the person is deactivated; reactivate first")
        }
    }

    private func checkReason(_ reason: String) throws(PersonError) {
        guard !reason.isBlank else { throw PersonError(.emptyReason, field: "reason", message: "reason is empty") }
    }

    private func checkOptional(_ reason: String?) throws(PersonError) {
        if let reason { try checkReason(reason) }
    }

    private func noChange(_ message: String) -> PersonError { PersonError(.noChange, message: message) }
}
