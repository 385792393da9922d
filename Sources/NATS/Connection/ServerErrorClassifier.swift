/// Maps `-ERR` texts to typed errors, and says which ones the server follows with a close.
enum ServerErrorClassifier {
    static func classify(_ text: String) -> NATSClientError {
        let lower = text.lowercased()
        let code: NATSClientError.Code
        if lower.hasPrefix("authorization violation") {
            code = .authorizationViolation
        } else if lower.hasPrefix("authentication timeout") {
            code = .authenticationTimeout
        } else if lower.contains("authentication expired") {
            code = .authenticationExpired
        } else if lower.hasPrefix("permissions violation") {
            code = .permissionsViolation
        } else if lower.hasPrefix("maximum payload violation") {
            code = .maximumPayloadExceeded
        } else if lower.hasPrefix("stale connection") {
            code = .staleConnection
        } else if lower.contains("tls required") {
            code = .tlsRequired
        } else {
            code = .serverError
        }
        return NATSClientError(code, "the server said: \(text)", serverMessage: text)
    }

    /// Errors after which the server keeps the connection open.
    static func closesConnection(_ text: String) -> Bool {
        let lower = text.lowercased()
        return !(lower.hasPrefix("permissions violation") || lower.hasPrefix("maximum subscriptions exceeded")
            || lower.hasPrefix("invalid subject") || lower.hasPrefix("invalid publish subject"))
    }
}

/// The version this client reports in CONNECT.
enum NATSClientVersion {
    static let string = "0.1.0"
}
