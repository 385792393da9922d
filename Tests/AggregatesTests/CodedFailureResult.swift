import Aggregates

/// What given-when-then tests read off a decision: the refusal's code, field and sentence, or the events.
extension Result where Failure: CodedFailure {
    /// The refusal's code, or `nil` when the command was accepted.
    var code: Failure.Code? {
        if case .failure(let error) = self { return error.code }
        return nil
    }

    /// The refused field, or `nil`.
    var field: String? {
        if case .failure(let error) = self { return error.field }
        return nil
    }

    /// The refusal's sentence, or `nil`.
    var message: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }

    /// The events, or `nil` when the command was refused.
    var events: Success? { try? get() }
}
