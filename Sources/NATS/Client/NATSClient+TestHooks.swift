extension NATSClient {
    /// Whether the connection reads its socket: false while a back-pressured subscription buffer
    /// is full (see `subscribe(to:queueGroup:limits:)`). For tests that observe the read gate.
    package var isReadGateOpen: Bool { readGate.isOpen }

    /// `drain()` calls in progress on this client (each watches the progress signal until it
    /// returns). For tests that start a drain while another runs.
    package var drainCallsInProgress: Int { progress.watchers }
}
