import Aggregates
import Logging
import NATS
import NIOCore

/// Snapshots of a domain's aggregates in a KV bucket, one key per aggregate id.
///
/// A value is a header line, the recent command ids (one per line), then the domain's own state
/// bytes:
///
///     cim-snapshot/1 state_schema=1 stream_sequence=812 version=40 recent=2
///     <command id>\t<version>\t<events>
///     <command id>\t<version>\t<events>
///     {…the state as the domain encodes it…}
///
/// A snapshot that cannot be read, or of another schema, is ignored with a warning: the
/// aggregate is then replayed from its first event, which is slower but never wrong.
package final class SnapshotStore<Codec: DomainCodec>: Sendable {
    package typealias State = Codec.State
    static var magic: String { "cim-snapshot/1" }

    package let kv: KeyValue
    let codec: Codec
    let logger: Logger

    package init(kv: KeyValue, codec: Codec, logger: Logger) {
        self.kv = kv
        self.codec = codec
        self.logger = logger
    }

    /// The bucket name for a stream: `<stream>_SNAPSHOTS`.
    package static func bucketName(stream: String) -> String { "\(stream)_SNAPSHOTS" }

    /// The newest snapshot of `id`, or `nil` (none, unreadable, another schema, or the bucket
    /// unreachable: each but the first is logged as a warning).
    package func read(_ id: State.ID) async -> AggregateRecord<State>? {
        let entry: KeyValueEntry?
        do {
            entry = try await kv.get(id.text)
        } catch {
            logger.warning("snapshot read failed; replaying from the first event", metadata: ["aggregate": "\(id.text)", "error": "\(error)"])
            return nil
        }
        guard let entry, entry.operation == .put else { return nil }
        do {
            let record = try decode(entry.value, id: id)
            return record
        } catch {
            logger.warning("snapshot ignored; replaying from the first event", metadata: ["aggregate": "\(id.text)", "reason": "\(error.message)"])
            return nil
        }
    }

    /// Writes the snapshot of `record`.
    /// - Returns: the bytes written.
    package func write(_ record: AggregateRecord<State>, id: State.ID) async throws -> Int {
        let value = encode(record)
        _ = try await kv.put(id.text, value)
        return value.readableBytes
    }

    package func encode(_ record: AggregateRecord<State>) -> ByteBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        let header = "\(Self.magic) state_schema=\(codec.stateSchemaVersion) stream_sequence=\(record.lastSequence) version=\(record.state.version) recent=\(record.recent.entries.count)\n"
        bytes.append(contentsOf: header.utf8)
        for entry in record.recent.entries {
            bytes.append(contentsOf: "\(entry.commandID)\t\(entry.version)\t\(entry.events)\n".utf8)
        }
        codec.encodeState(record.state, into: &bytes)
        return ByteBuffer(bytes: bytes)
    }

    package struct DecodeFailure: Error {
        package let message: String
    }

    package func decode(_ value: ByteBuffer, id: State.ID) throws(DecodeFailure) -> AggregateRecord<State> {
        var buffer = value
        guard let header = buffer.readLine() else { throw DecodeFailure(message: "no header line") }
        let fields = header.split(separator: " ")
        guard fields.first.map(String.init) == Self.magic else {
            throw DecodeFailure(message: "not a \(Self.magic) snapshot")
        }
        var numbers: [String: Int] = [:]
        for field in fields.dropFirst() {
            let parts = field.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let number = Int(parts[1]), number >= 0 else { throw DecodeFailure(message: "bad header field \(field)") }
            numbers[String(parts[0])] = number
        }
        guard let schema = numbers["state_schema"], let sequence = numbers["stream_sequence"], let version = numbers["version"],
              let recentCount = numbers["recent"]
        else { throw DecodeFailure(message: "the header misses a field") }
        guard schema == codec.stateSchemaVersion else {
            throw DecodeFailure(message: "state schema \(schema), this build reads \(codec.stateSchemaVersion)")
        }
        var recent: [RecentCommands.Entry] = []
        for _ in 0..<min(recentCount, RecentCommands.capacity * 4) {
            guard let line = buffer.readLine() else { throw DecodeFailure(message: "a recent command line is missing") }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count >= 3, let events = Int(parts[parts.count - 1]), let at = Int(parts[parts.count - 2]) else {
                throw DecodeFailure(message: "bad recent command line")
            }
            recent.append(RecentCommands.Entry(commandID: parts.dropLast(2).joined(separator: "\t"), version: at, events: events))
        }
        let state: State
        do {
            state = try buffer.withUnsafeReadableBytes { bytes throws(CommandDecodingError) in try codec.decodeState(bytes) }
        } catch {
            throw DecodeFailure(message: "the state cannot be read: \(error)")
        }
        guard state.version == version else {
            throw DecodeFailure(message: "the header says version \(version), the state is version \(state.version)")
        }
        guard state.id == nil || state.id == id else {
            throw DecodeFailure(message: "the state belongs to \(state.id?.text ?? "nobody"), not \(id.text)")
        }
        return AggregateRecord(state: state, lastSequence: UInt64(sequence), snapshotVersion: version, recent: RecentCommands(recent))
    }
}

extension ByteBuffer {
    /// Reads up to the next `\n` (not included) as UTF-8 text.
    fileprivate mutating func readLine() -> String? {
        guard let newline = readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let length = newline - readerIndex
        defer { moveReaderIndex(forwardBy: 1) }
        return readString(length: length)
    }
}
