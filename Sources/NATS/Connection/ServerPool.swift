/// The servers a client may connect to: configured ones plus those learned from INFO's
/// `connect_urls`, with reconnect attempts counted per server.
struct ServerPool: Sendable {
    struct Entry: Sendable {
        var address: ServerAddress
        var failedAttempts = 0
        /// The same authentication error twice in a row from one server removes it.
        var lastAuthError: String?
    }

    private(set) var entries: [Entry]
    /// Reconnect attempts per server before it is dropped; nil = never dropped.
    let maxAttempts: Int?

    init(servers: [ServerAddress], maxAttempts: Int?, shuffle: Bool, random: inout SplitMix64) {
        var unique: [Entry] = []
        for server in servers where !unique.contains(where: { $0.address.endpoint == server.endpoint }) {
            unique.append(Entry(address: server))
        }
        if shuffle { unique.shuffle(using: &random) }
        self.entries = unique
        self.maxAttempts = maxAttempts
    }

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// The server to try next: the front of the pool. The caller reports the outcome.
    var next: ServerAddress? { entries.first?.address }

    /// After a failed attempt on the front server: count it, move it to the back, drop it when it
    /// has used up its attempts.
    mutating func recordFailure(authError: String? = nil) {
        guard var entry = entries.first else { return }
        entries.removeFirst()
        entry.failedAttempts += 1
        let repeatedAuthError = authError != nil && authError == entry.lastAuthError
        entry.lastAuthError = authError
        if repeatedAuthError { return }
        if let maxAttempts, entry.failedAttempts > maxAttempts { return }
        entries.append(entry)
    }

    /// After a connection to the front server was lost: move it to the back (it is tried again
    /// after the others) without counting a failure.
    mutating func rotate() {
        guard !entries.isEmpty else { return }
        entries.append(entries.removeFirst())
    }

    /// After a successful connect: the front server's counters start again.
    mutating func recordSuccess() {
        guard !entries.isEmpty else { return }
        entries[0].failedAttempts = 0
        entries[0].lastAuthError = nil
    }

    /// Adds servers from INFO `connect_urls` (no scheme there: the current scheme is used) and drops
    /// implicit servers that a new list no longer names. The front (current) server is never dropped;
    /// servers after it are shuffled when new ones arrive, unless `shuffle` is false.
    mutating func update(connectURLs: [String], scheme: ServerAddress.Scheme, shuffle: Bool, random: inout SplitMix64) {
        guard !connectURLs.isEmpty else { return }
        var learned: [ServerAddress] = []
        for url in connectURLs {
            if let address = try? ServerAddress(parsing: "\(scheme.rawValue)://\(url)", isImplicit: true) {
                learned.append(address)
            }
        }
        let learnedEndpoints = Set(learned.map(\.endpoint))
        var kept: [Entry] = []
        for (index, entry) in entries.enumerated() where index == 0 || !entry.address.isImplicit || learnedEndpoints.contains(entry.address.endpoint) {
            kept.append(entry)
        }
        var added = false
        for address in learned where !kept.contains(where: { $0.address.endpoint == address.endpoint }) {
            kept.append(Entry(address: address))
            added = true
        }
        if added, shuffle, kept.count > 2 {
            var rest = Array(kept.dropFirst())
            rest.shuffle(using: &random)
            kept = [kept[0]] + rest
        }
        entries = kept
    }
}

/// A small deterministic random generator (SplitMix64): seeded from the system in production and
/// fixed in tests, so shuffles and jitter are reproducible.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
