import DequeModule

/// Which aggregates the load's commands go to.
package enum KeySpace: Sendable, Equatable {
    /// Each create takes a fresh id, followed by `updates` updates of it, one at a time (the
    /// next is planned once the previous was answered as stored). No two commands of one
    /// aggregate are ever in flight together, so every reply's version is known in advance: what
    /// a service without concurrency control (the C peer) can be measured with too.
    case fresh(updates: Int)
    /// `count` aggregates created before the measurement, then updated, picked by `distribution`;
    /// `createRatio` of the commands (0…1) create a fresh aggregate instead. Commands of one
    /// aggregate may be in flight together (hot keys under Zipf): the service orders them.
    case population(count: Int, distribution: KeyDistribution, createRatio: Double)
}

/// One command the load will send.
package struct PlannedCommand: Sendable, Equatable {
    package enum Kind: Sendable, Equatable { case create, update }
    package var kind: Kind
    package var id: String
    /// A number unique in the run, which the update puts into its new value.
    package var variant: Int
    /// The fresh key space's step of this aggregate: 0 for its create, n for its n-th update.
    package var step: Int
    /// The version the reply must carry, when it is known in advance (fresh key space).
    package var expectedVersion: Int?
}

/// Plans the load's commands: a pure state machine (no clock, no I/O, a seeded generator), fed
/// with each command's outcome.
package struct CommandScheduler: Sendable {
    package let keySpace: KeySpace
    private var generator: SplitMix64
    private var variant = 0
    /// Fresh: aggregates whose previous command was stored and that have updates left.
    private var ready: Deque<(id: String, step: Int)> = []
    /// Population: the ids, made at start.
    package private(set) var population: [String] = []
    private var sampler: KeySampler?

    package init(keySpace: KeySpace, seed: UInt64) throws(WorkloadError) {
        self.keySpace = keySpace
        generator = SplitMix64(seed: seed)
        switch keySpace {
        case .fresh(let updates):
            guard updates >= 0 else { throw WorkloadError("the updates per aggregate must not be negative, not \(updates)") }
        case .population(let count, let distribution, let createRatio):
            guard createRatio >= 0, createRatio <= 1 else { throw WorkloadError("the share of creates must be 0…1, not \(createRatio)") }
            sampler = try KeySampler(count: count, distribution: distribution)
            population.reserveCapacity(count)
            for _ in 0..<count { population.append(Self.uuid(&generator)) }
        }
    }

    /// The creates that must be stored before the measured load (the population; fresh: none).
    package var setup: [PlannedCommand] {
        population.map { PlannedCommand(kind: .create, id: $0, variant: 0, step: 0, expectedVersion: 1) }
    }

    /// The next command to send.
    package mutating func next() -> PlannedCommand {
        variant += 1
        switch keySpace {
        case .fresh:
            if let chain = ready.popFirst() {
                return PlannedCommand(kind: .update, id: chain.id, variant: variant, step: chain.step, expectedVersion: chain.step + 1)
            }
            return PlannedCommand(kind: .create, id: Self.uuid(&generator), variant: variant, step: 0, expectedVersion: 1)
        case .population(_, _, let createRatio):
            if createRatio > 0, generator.nextUnit() < createRatio {
                return PlannedCommand(kind: .create, id: Self.uuid(&generator), variant: variant, step: 0, expectedVersion: 1)
            }
            let index = sampler!.next(using: &generator)
            return PlannedCommand(kind: .update, id: population[index], variant: variant, step: 1, expectedVersion: nil)
        }
    }

    /// `command` was answered: `stored` if its events were stored. In the fresh key space a
    /// stored command's aggregate gets its next update; any other outcome ends that aggregate.
    package mutating func answered(_ command: PlannedCommand, stored: Bool) {
        guard case .fresh(let updates) = keySpace, stored, command.step < updates else { return }
        ready.append((command.id, command.step + 1))
    }

    /// Aggregates waiting for their next update (fresh key space).
    package var readyCount: Int { ready.count }

    /// A random (version 4) UUID in lower case, from the seeded generator.
    static func uuid(_ generator: inout SplitMix64) -> String {
        let high = (generator.next() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (generator.next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let hex = Self.hex(high, 16) + Self.hex(low, 16)
        let characters = Array(hex)
        return String(characters[0..<8]) + "-" + String(characters[8..<12]) + "-" + String(characters[12..<16]) + "-"
            + String(characters[16..<20]) + "-" + String(characters[20..<32])
    }

    private static func hex(_ value: UInt64, _ digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: digits - text.count) + text
    }
}
