import Foundation

/// A CA, a server certificate for localhost/127.0.0.1 and a client certificate, made with the
/// openssl command line in a temporary directory (EC P-256, valid two days).
public struct TestCertificates: Sendable {
    /// The temporary directory holding the files.
    public let directory: String
    public var ca: String { directory + "/ca.pem" }
    public var serverCertificate: String { directory + "/server.pem" }
    public var serverKey: String { directory + "/server-key.pem" }
    public var clientCertificate: String { directory + "/client.pem" }
    public var clientKey: String { directory + "/client-key.pem" }

    /// - Parameter serverNames: the server certificate's subject alternative names.
    public static func make(serverNames: String = "DNS:localhost,IP:127.0.0.1") async throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cim-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "subjectAltName=\(serverNames)\nextendedKeyUsage=serverAuth\n".write(toFile: directory + "/server.ext", atomically: true, encoding: .utf8)
        try "extendedKeyUsage=clientAuth\n".write(toFile: directory + "/client.ext", atomically: true, encoding: .utf8)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await openssl(["req", "-x509"] + ec + ["-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=cim-test-ca",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], in: directory)
        for (name, cn) in [("server", "localhost"), ("client", "cim-test-client")] {
            try await openssl(["req"] + ec + ["-keyout", "\(name)-key.pem", "-out", "\(name).csr", "-subj", "/CN=\(cn)"], in: directory)
            try await openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext"], in: directory)
        }
        return TestCertificates(directory: directory)
    }

    /// The server's `tls { … }` block; `verify` requires a client certificate signed by the CA.
    /// `handshakeFirst` makes the server wait for the client's TLS hello before anything, and fall
    /// back to a plaintext `INFO` after one second (for the fixture's readiness probe). The server's
    /// own `auto` fallback is 50 ms: on a loaded CI machine a TLS-first client's hello can arrive
    /// later than that, and then meets the plaintext `INFO` (a handshake failure that is not the
    /// client's).
    public func serverTLSBlock(verify: Bool = false, handshakeFirst: Bool = false) -> String {
        """
        tls {
          cert_file: "\(serverCertificate)"
          key_file: "\(serverKey)"
          ca_file: "\(ca)"
          verify: \(verify)
          timeout: 2
          \(handshakeFirst ? "handshake_first: \"1s\"" : "")
        }
        """
    }

    /// Runs openssl in `directory` and waits for it without blocking a thread of the cooperative
    /// pool (dozens of tests start at once; blocked threads starve every other test of the run).
    public static func openssl(_ arguments: [String], in directory: String) async throws {
        let process = Process()
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.finish() }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for await _ in exited.stream {}
        guard process.terminationStatus == 0 else {
            throw TestCertificatesError(description: "openssl \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }
}

/// openssl failed while making the test certificates.
public struct TestCertificatesError: Error, CustomStringConvertible {
    public let description: String
}
