/// Maps an aggregate id to one of `shardCount` shards, the same way in every process and every run.
///
/// Swift's `Hasher` is seeded per process, so it cannot route: two replicas, or one replica before
/// and after a restart, must agree on the shard of an id. The router hashes the id's UTF-8 bytes
/// with 64-bit FNV-1a and maps the hash to a shard with jump consistent hashing (Lamping and Veach,
/// 2014), so growing from `n` to `n + 1` shards moves only about `1 / (n + 1)` of the ids.
public struct ShardRouter: Sendable, Hashable {
    /// The number of shards, at least 1.
    public let shardCount: Int

    /// Creates a router over `shardCount` shards.
    ///
    /// - Parameter shardCount: The number of shards; must be at least 1.
    public init(shardCount: Int) {
        precondition(shardCount >= 1, "a router needs at least one shard, got \(shardCount)")
        self.shardCount = shardCount
    }

    /// The shard of `id`, in `0..<shardCount`.
    ///
    /// - Parameter id: The aggregate id, as its text form (a UUID string, for instance).
    /// - Returns: The shard index.
    @inlinable
    public func shard(for id: some StringProtocol) -> Int {
        Self.jump(key: Self.fnv1a(id.utf8), buckets: shardCount)
    }

    /// 64-bit FNV-1a of `bytes`.
    @inlinable
    static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Jump consistent hash: the bucket of `key` among `buckets`.
    @inlinable
    static func jump(key: UInt64, buckets: Int) -> Int {
        var key = key
        var bucket: Int64 = -1
        var next: Int64 = 0
        while next < Int64(buckets) {
            bucket = next
            key = key &* 2_862_933_555_777_941_757 &+ 1
            next = Int64(Double(bucket + 1) * (Double(Int64(1) << 31) / Double((key >> 33) + 1)))
        }
        return Int(bucket)
    }
}
