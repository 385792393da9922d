import Synchronization

/// One endpoint's request statistics, as `$SRV.STATS` reports them.
public struct EndpointStatistics: Sendable, Hashable {
    /// The endpoint's name.
    public var name: String
    /// Requests handled, failed ones included.
    public var requests: Int = 0
    /// Requests that ended in an error.
    public var errors: Int = 0
    /// The text of the last error; empty before the first.
    public var lastError: String = ""
    /// Total time spent handling requests, in nanoseconds.
    public var processingNanoseconds: Int64 = 0

    public init(name: String) {
        self.name = name
    }

    /// `processingNanoseconds / requests`, 0 before the first request.
    public var averageProcessingNanoseconds: Int64 {
        requests == 0 ? 0 : processingNanoseconds / Int64(requests)
    }

    mutating func record(processingNanoseconds nanoseconds: Int64, error: String?) {
        requests &+= 1
        processingNanoseconds &+= max(nanoseconds, 0)
        if let error {
            errors &+= 1
            lastError = error
        }
    }
}

/// Counts requests, errors and processing time per endpoint for `$SRV.STATS`; the runtime calls
/// `record` once per request, from any thread.
///
/// The set of endpoints is fixed at `init`, so finding one is a read of an immutable dictionary;
/// each endpoint has its own lock, held for a few additions. `handle(for:)` skips even the
/// dictionary lookup.
public final class EndpointStatisticsRecorder: Sendable {
    /// The endpoints' names, in the order `snapshot()` lists them.
    public let endpointNames: [String]
    private let slots: [String: Slot]

    /// One endpoint's statistics behind its own lock.
    final class Slot: Sendable {
        let statistics: Mutex<EndpointStatistics>
        init(name: String) { statistics = Mutex(EndpointStatistics(name: name)) }
    }

    /// A recorder for one endpoint, for a caller that records often (no lookup by name).
    public struct Handle: Sendable {
        let slot: Slot

        /// Counts one request (see `EndpointStatisticsRecorder.record(endpoint:processingNanoseconds:error:)`).
        public func record(processingNanoseconds: Int64, error: String? = nil) {
            slot.statistics.withLock { $0.record(processingNanoseconds: processingNanoseconds, error: error) }
        }
    }

    /// - Parameter endpoints: The endpoints' names (a repeated name is counted once).
    public init(endpoints: [String]) {
        var names: [String] = []
        var slots: [String: Slot] = [:]
        for name in endpoints where slots[name] == nil {
            names.append(name)
            slots[name] = Slot(name: name)
        }
        self.endpointNames = names
        self.slots = slots
    }

    /// Counts one request of `endpoint`.
    ///
    /// - Parameters:
    ///   - endpoint: The endpoint's name.
    ///   - processingNanoseconds: How long the request took to handle.
    ///   - error: The error's text when the request failed (it becomes `last_error`), else nil.
    /// - Returns: False when no endpoint has that name (nothing is counted).
    @discardableResult
    public func record(endpoint: String, processingNanoseconds: Int64, error: String? = nil) -> Bool {
        guard let slot = slots[endpoint] else { return false }
        slot.statistics.withLock { $0.record(processingNanoseconds: processingNanoseconds, error: error) }
        return true
    }

    /// The handle of `endpoint`, nil when no endpoint has that name.
    public func handle(for endpoint: String) -> Handle? {
        slots[endpoint].map(Handle.init(slot:))
    }

    /// Every endpoint's statistics now, in `endpointNames` order.
    public func snapshot() -> [EndpointStatistics] {
        endpointNames.map { name in slots[name]!.statistics.withLock { $0 } }
    }

    /// The statistics of `endpoint` now, nil when no endpoint has that name.
    public func statistics(for endpoint: String) -> EndpointStatistics? {
        slots[endpoint]?.statistics.withLock { $0 }
    }
}
