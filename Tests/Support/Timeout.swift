/// The error thrown by ``withTimeout(_:_:_:)`` when the deadline passes first.
public struct TimeoutError: Error, Sendable, CustomStringConvertible {
    /// What was being waited for.
    public var operation: String
    /// How long it was waited for.
    public var timeout: Duration

    public var description: String { "timed out after \(timeout) waiting for \(operation)" }
}

/// Runs `body`, cancelling it and throwing ``TimeoutError`` if it does not finish in time.
///
/// `body` must react to cancellation (NIO async channel streams and `Task.sleep` do).
///
/// - Parameters:
///   - timeout: The longest time to wait.
///   - operation: What is being waited for, for the error message.
///   - body: The work to run.
/// - Returns: What `body` returned.
/// - Throws: ``TimeoutError``, or what `body` threw.
public func withTimeout<T: Sendable>(
    _ timeout: Duration,
    _ operation: String = "an operation",
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TimeoutError(operation: operation, timeout: timeout)
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else {
            throw TimeoutError(operation: operation, timeout: timeout)
        }
        return first
    }
}
