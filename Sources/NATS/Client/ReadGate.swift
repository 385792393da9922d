import Synchronization

/// Counts subscription buffers that are full; the socket is read only while none is.
///
/// Buffers change the count inside their own lock, at the moment they fill or drain, so the count
/// can never miss a transition (a full buffer that drains before anyone noticed it was full).
final class ReadGate: Sendable {
    private let fullBuffers = Atomic<Int>(0)

    /// True while no buffer is full.
    var isOpen: Bool { fullBuffers.load(ordering: .acquiring) == 0 }

    /// A buffer became full.
    func close() {
        fullBuffers.wrappingAdd(1, ordering: .releasing)
    }

    /// A full buffer drained (or ended). Returns true when that was the last one: resume reading.
    func open() -> Bool {
        fullBuffers.wrappingSubtract(1, ordering: .acquiringAndReleasing).newValue == 0
    }
}
