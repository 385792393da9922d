extension KeyValue {
    /// The keys that hold a value now (not deleted or purged), sorted, read from the bucket's
    /// stream in one pass from the leader. Meant for small buckets: it reads every entry kept.
    public func keys() async throws -> [String] {
        var holdsValue: [String: Bool] = [:]
        for try await message in try await js.messages(stream: stream, subject: prefix + ">") {
            let key = String(message.subject.utf8.dropFirst(prefix.utf8.count))!
            holdsValue[key] = entry(key, message).operation == .put
        }
        return holdsValue.filter(\.value).map(\.key).sorted()
    }
}
