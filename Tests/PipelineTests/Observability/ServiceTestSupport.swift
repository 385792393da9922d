import Logging
import ServiceLifecycle
import TestSupport

/// A logger that drops everything (the HTTP server and service groups log at info).
let quietLogger = Logger(label: "pipeline.tests.quiet") { _ in SwiftLogNoOpLogHandler() }

/// Runs `services` in a `ServiceGroup` while `body` runs, then shuts the group down gracefully and
/// waits for every service to return (rethrowing what one threw).
/// A graceful shutdown that takes longer than 10 s is escalated to cancellation.
func withServicesRunning<T: Sendable>(_ services: [any Service], _ body: () async throws -> T) async throws -> T {
    var configuration = ServiceGroupConfiguration(
        services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
        logger: quietLogger
    )
    configuration.maximumGracefulShutdownDuration = .seconds(10)
    let group = ServiceGroup(configuration: configuration)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            let result = try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            tasks.cancelAll()
            throw error
        }
    }
}

/// Values a service announces from a callback (a bound port, "started"), for a test to wait on.
final class Announcements<Value: Sendable>: Sendable {
    private let stream: AsyncStream<Value>
    private let continuation: AsyncStream<Value>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Value.self)
    }

    func announce(_ value: Value) { continuation.yield(value) }

    /// The next value; throws `TimeoutError` when none comes within `timeout`.
    func next(within timeout: Duration = .seconds(10), _ what: String) async throws -> Value {
        let stream = self.stream
        return try await withTimeout(timeout, what) {
            var iterator = stream.makeAsyncIterator()
            guard let value = await iterator.next() else { throw AnnouncementsEnded(what: what) }
            return value
        }
    }
}

/// The announcements ended before a value came.
struct AnnouncementsEnded: Error, CustomStringConvertible {
    var what: String
    var description: String { "no more announcements while waiting for \(what)" }
}
