import Logging
import NIOCore
import NIOSSL
import Synchronization

extension NATSClient {
    /// The TLS context for this configuration: the configured CA (else the system's roots), and
    /// the client certificate and key when given.
    /// - Throws: `NATSClientError(.invalidConfiguration)` when a file cannot be loaded.
    static func makeTLSContext(_ tls: NATSClientConfiguration.TLS?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        do {
            if let caFile = tls?.caFile {
                configuration.trustRoots = .file(caFile)
            }
            if let certificateFile = tls?.certificateFile, let keyFile = tls?.keyFile {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
            }
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw NATSClientError(.invalidConfiguration, "the TLS files cannot be used", underlying: error)
        }
    }

    /// Puts TLS in front of the socket of `generation` (on its event loop).
    func startTLS(host: String, generation: UInt64) {
        guard let channel = core.withLock({ $0.channelGeneration == generation ? $0.channel : nil }) else { return }
        let context = tlsContext
        channel.eventLoop.execute {
            do {
                // SNI and hostname checks need a name; an IP literal is checked against IP SANs.
                let handler = try NIOSSLClientHandler(context: context, serverHostname: ServerAddress.isIPLiteral(host) ? nil : host)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            } catch {
                self.logger.error("could not start TLS", metadata: ["error": "\(error)"])
                channel.close(promise: nil)
            }
        }
    }

    /// The handshake completed on the socket of `generation`.
    func tlsEstablished(generation: UInt64) {
        perform(core.withLock { $0.machine.tlsEstablished(generation: generation) })
    }
}

extension NATSClient {
    /// A TLS handshake failure as a typed error naming BoringSSL's reason (e.g.
    /// `TLSV1_ALERT_UNKNOWN_CA`: the server does not trust the client certificate), or `nil` for
    /// any other error. The original error is kept as `underlying`.
    static func tlsFailure(_ error: any Error) -> NATSClientError? {
        let stack: NIOBoringSSLErrorStack
        if case .handshakeFailed(.sslError(let errors))? = error as? NIOSSLError {
            stack = errors
        } else if case .sslError(let errors)? = error as? BoringSSLError {
            stack = errors
        } else if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return NATSClientError(
                .tlsHandshakeFailed, "TLS handshake failed: the server's certificate does not name the server (set NATS_TLS_SERVER_NAME)", underlying: error)
        } else {
            return nil
        }
        // BoringSSL's entries read `… error:10000418:SSL routines:OPENSSL_internal:<REASON> at <file>`.
        let marker = "OPENSSL_internal:"
        let reasons = stack.map { entry -> String in
            let text = "\(entry)"
            let parts = text.split(separator: marker, maxSplits: 1)
            guard parts.count == 2 else { return text }
            return String(parts[1].prefix { $0 != " " })
        }
        let reason = reasons.joined(separator: ", ")
        let hint: String
        if reason.contains("CERTIFICATE_REQUIRED") {
            hint = "the server requires a client certificate (NATS_TLS_CERT and NATS_TLS_KEY)"
        } else if reason.contains("ALERT_UNKNOWN_CA") || reason.contains("ALERT_BAD_CERTIFICATE") || reason.contains("ALERT_CERTIFICATE_UNKNOWN") {
            hint = "the server does not accept the client certificate"
        } else if reason.contains("CERTIFICATE_VERIFY_FAILED") {
            hint = "the server's certificate could not be verified (is NATS_TLS_CA its CA?)"
        } else {
            hint = "see the reason"
        }
        return NATSClientError(.tlsHandshakeFailed, "TLS handshake failed: \(hint) [\(reason)]", underlying: error)
    }
}
