/// A typed refusal: a stable code, the contract's field it concerns, and a sentence. Every
/// domain's error and `CommandDecodingError` carry these three; a reply writes them.
public protocol CodedFailure: Error, CustomStringConvertible {
    associatedtype Code: CustomStringConvertible
    var code: Code { get }
    /// The field the refusal concerns, if any (snake_case, dotted for nested fields).
    var field: String? { get }
    var message: String { get }
}

extension CodedFailure {
    /// `code (field): message`, or `code: message` without a field.
    public var description: String {
        if let field { return "\(code) (\(field)): \(message)" }
        return "\(code): \(message)"
    }

    /// The refusal as a reply carries it: the code's text, the field and the message.
    public var domainFailure: DomainFailure {
        DomainFailure(code: code.description, field: field, message: message)
    }
}

extension DomainCodec where State.Failure: CodedFailure {
    /// The failure's code (as its `description` writes it), field and message.
    public func describe(_ failure: State.Failure) -> DomainFailure {
        failure.domainFailure
    }
}
