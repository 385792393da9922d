import Testing

import NATS

/// Expects `body` to throw an ``AuthError`` with `code`, and returns it.
@discardableResult
func expectAuthError(
    _ code: AuthError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) -> AuthError? {
    let error = #expect(throws: AuthError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.code == code, "got \(String(describing: error))", sourceLocation: sourceLocation)
    return error
}

/// The nkeys reference vector.
enum AuthVector {
    static let seed = "SUAOTBNEUHZDFJT3EUMELT7MQTP24JF3XVCXQNDSCU74G5IU6VAJBKH5LI"
    static let publicKey = "UDE6WTGLTTPCRJRJCKBJRGVNZTLIVR7LEEELR4CYWWWBKJS7XYIKXDUU"
}
