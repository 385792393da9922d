import Aggregates

/// An aggregate as a shard keeps it: its state, where its history ends in the stream, its last
/// snapshot, and the commands it answered recently (so a retried command gets its first answer).
///
/// A value with its fields in one shared box (`CopyOnWrite`): a record moves through the
/// scheduler, the append and the snapshot writer, and copying it costs one reference count
/// instead of one for every reference the state holds.
package struct AggregateRecord<State: Aggregate>: Sendable {
    struct Fields: Sendable {
        var state: State
        var lastSequence: UInt64
        var snapshotVersion: Int
        var recent: RecentCommands
        var provisional = false
    }

    private var fields: CopyOnWrite<Fields>

    package init(state: State = State(), lastSequence: UInt64 = 0, snapshotVersion: Int = 0, recent: RecentCommands = RecentCommands()) {
        fields = CopyOnWrite(Fields(state: state, lastSequence: lastSequence, snapshotVersion: snapshotVersion, recent: recent))
    }

    package var state: State {
        _read { yield fields.value.state }
        _modify { yield &fields.value.state }
    }

    /// The stream sequence of its last event (0: it has none). The next append is guarded by it.
    package var lastSequence: UInt64 {
        get { fields.value.lastSequence }
        set { fields.value.lastSequence = newValue }
    }

    /// The version of the newest snapshot written or read (0: none).
    package var snapshotVersion: Int {
        get { fields.value.snapshotVersion }
        set { fields.value.snapshotVersion = newValue }
    }

    package var recent: RecentCommands {
        _read { yield fields.value.recent }
        _modify { yield &fields.value.recent }
    }

    /// Not read from the store: an aggregate assumed new. A command that creates it is appended
    /// guarded by "no events yet", so a wrong guess is a conflict, never a lie; anything else
    /// loads it first (see `Shard`).
    package var provisional: Bool {
        get { fields.value.provisional }
        set { fields.value.provisional = newValue }
    }
}

/// The last few commands an aggregate stored events for, by command id: the version they left
/// and how many events they stored. Bounded; the oldest are forgotten first.
package struct RecentCommands: Sendable, Hashable {
    package struct Entry: Sendable, Hashable {
        package var commandID: String
        package var version: Int
        package var events: Int

        package init(commandID: String, version: Int, events: Int) {
            self.commandID = commandID
            self.version = version
            self.events = events
        }
    }

    package static let capacity = 32
    package private(set) var entries: [Entry] = []

    package init(_ entries: [Entry] = []) {
        self.entries = Array(entries.suffix(Self.capacity))
    }

    /// The answer recorded for `commandID`.
    package func lookup(_ commandID: String) -> Entry? {
        entries.last { $0.commandID == commandID }
    }

    /// Records that `commandID` stored one more event that left the aggregate at `version`
    /// (events of one command arrive one by one on replay).
    package mutating func record(_ commandID: String, version: Int) {
        if let last = entries.indices.last, entries[last].commandID == commandID {
            entries[last].version = version
            entries[last].events += 1
            return
        }
        record(Entry(commandID: commandID, version: version, events: 1))
    }

    package mutating func record(_ entry: Entry) {
        if entries.count == Self.capacity { entries.removeFirst() }
        entries.append(entry)
    }
}
