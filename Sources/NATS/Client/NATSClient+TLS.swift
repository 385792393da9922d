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
