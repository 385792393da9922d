extension JSONNode {
    /// A bare UUID string, as Location and Policy commands and events carry ids.
    /// - Throws: `.invalidField` at `path` for anything that is not a UUID string.
    func uuid(at path: @autoclosure () -> String) throws(CommandDecodingError) -> CanonicalUUID {
        guard isString else { throw .invalid(path(), "expected a UUID string, found \(kindName)") }
        guard let uuid = withStringBytes(CanonicalUUID.init(bytes:)) ?? nil else {
            throw .invalid(path(), "expected a UUID, found \(shortDescription)")
        }
        return uuid
    }
}
