import Testing

@testable import Pipeline

@Suite struct ShardRouterTests {
    @Test func fnv1aMatchesTheReferenceVectors() {
        // Published FNV-1a 64 test vectors.
        #expect(ShardRouter.fnv1a("".utf8) == 0xcbf2_9ce4_8422_2325)
        #expect(ShardRouter.fnv1a("a".utf8) == 0xaf63_dc4c_8601_ec8c)
        #expect(ShardRouter.fnv1a("foobar".utf8) == 0x8594_4171_f739_67e8)
    }

    @Test func jumpHashMatchesThePapersAlgorithmOnKnownKeys() {
        // One bucket: always 0. Key 0 stays in bucket 0 whatever the count (its first jump is past any count).
        #expect(ShardRouter.jump(key: 12345, buckets: 1) == 0)
        for buckets in [1, 2, 7, 64, 1000] {
            #expect(ShardRouter.jump(key: 0, buckets: buckets) == 0)
        }
    }

    @Test func theSameIdAlwaysLandsOnTheSameShard() {
        let router = ShardRouter(shardCount: 16)
        let id = "5f0c7a52-9d1e-4b8e-8a43-1f2d3c4b5a69"
        let shard = router.shard(for: id)
        #expect((0..<16).contains(shard))
        #expect(ShardRouter(shardCount: 16).shard(for: id) == shard)
        #expect(router.shard(for: Substring(id)) == shard)
    }

    @Test func idsSpreadEvenlyOverShards() {
        let router = ShardRouter(shardCount: 8)
        var counts = [Int](repeating: 0, count: 8)
        for index in 0..<80_000 { counts[router.shard(for: "person-\(index)")] += 1 }
        // 10,000 expected per shard; a fair hash stays well within ±5 %.
        for count in counts { #expect((9_500...10_500).contains(count), "\(counts)") }
    }

    @Test func growingByOneShardMovesOnlyIdsToTheNewShard() {
        let before = ShardRouter(shardCount: 10)
        let after = ShardRouter(shardCount: 11)
        var moved = 0
        for index in 0..<20_000 {
            let id = "agent-\(index)"
            let (old, new) = (before.shard(for: id), after.shard(for: id))
            if old != new {
                #expect(new == 10, "an id moved from \(old) to \(new), not to the new shard")
                moved += 1
            }
        }
        // About 1/11 of the ids move (1,818 expected).
        #expect((1_500...2_150).contains(moved), "\(moved) ids moved")
    }
}
