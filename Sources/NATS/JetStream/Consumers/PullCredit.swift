/// The credit of a continuous pull (`ConsumerMessages`): how many messages the pulls in flight
/// still owe. A pure value, driven by what arrives; no clock, no I/O.
///
/// It asks for a new pull once at most half of `batch` is owed, for the missing part; a received
/// message pays one; a pull that ends early (408 expired, 409 leadership change) stops owing its
/// unfilled part, which the server says in `Nats-Pending-Messages` (all credit is dropped when it
/// does not); lost pulls (missed heartbeats, a lost connection) owe nothing.
struct PullCredit: Sendable, Equatable {
    /// The credit kept with the server.
    let batch: Int
    /// Messages requested and not yet received, across the pulls in flight.
    private(set) var owed = 0

    init(batch: Int) {
        precondition(batch >= 1, "a pull needs a batch of at least 1")
        self.batch = batch
    }

    /// The size of the pull to send now (counted as owed from here), or nil when enough is owed.
    mutating func pullToSend() -> Int? {
        guard owed <= batch / 2 else { return nil }
        let missing = batch - owed
        owed = batch
        return missing
    }

    /// The pull of `count` could not be sent: nothing is owed for it.
    mutating func pullFailed(_ count: Int) {
        owed = max(0, owed - count)
    }

    /// A message arrived.
    mutating func received() {
        owed = max(0, owed - 1)
    }

    /// A pull ended early; `unfilled` is what it no longer owes (`Nats-Pending-Messages`), nil
    /// when the server did not say (then nothing is assumed owed).
    mutating func pullEnded(unfilled: Int?) {
        owed = unfilled.map { max(0, owed - $0) } ?? 0
    }

    /// The pulls are gone (heartbeats missed, connection lost).
    mutating func pullsLost() {
        owed = 0
    }
}
