#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Testing

import NATS

@Suite struct CredentialsTests {
    static let jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJzdWIiOiJVREU2In0.c2lnbmF0dXJl_-="

    static let document = """
        -----BEGIN NATS USER JWT-----
        \(jwt)
        ------END NATS USER JWT------

        ************************* IMPORTANT *************************
        NKEY Seed printed below can be used to sign and prove identity.
        NKEYs are sensitive and should be treated as secrets.

        -----BEGIN USER NKEY SEED-----
        \(AuthVector.seed)
        ------END USER NKEY SEED------

        *************************************************************

        """

    @Test func parsesCredsWithFreeText() throws {
        let credentials = try NATSCredentials(contents: Self.document)
        #expect(credentials.jwt == Self.jwt)
        #expect(credentials.keyPair.publicKey == AuthVector.publicKey)
        #expect(credentials.keyPair.type == .user)
    }

    @Test func parsesCRLFAndIndentedText() throws {
        let crlf = "Generated for testing\r\n" + Self.document.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }.joined(separator: "\r\n")
        #expect(crlf.contains("\r\n"))
        let credentials = try NATSCredentials(contents: crlf)
        #expect(credentials.jwt == Self.jwt)
        #expect(credentials.keyPair.publicKey == AuthVector.publicKey)
    }

    @Test func parsesWithoutTrailingNewline() throws {
        let text = "-----BEGIN NATS USER JWT-----\n\(Self.jwt)\n------END NATS USER JWT------\n"
            + "-----BEGIN USER NKEY SEED-----\n\(AuthVector.seed)\n------END USER NKEY SEED------"
        #expect(try NATSCredentials(contents: text).keyPair.publicKey == AuthVector.publicKey)
    }

    @Test func fallsBackToSeedLine() throws {
        let text = "-----BEGIN NATS USER JWT-----\n\(Self.jwt)\n------END NATS USER JWT------\n\nseed:\n\(AuthVector.seed)\n"
        let credentials = try NATSCredentials(contents: text)
        #expect(credentials.jwt == Self.jwt)
        #expect(credentials.keyPair.publicKey == AuthVector.publicKey)
    }

    @Test func missingSeedFailsClearly() {
        let text = "-----BEGIN NATS USER JWT-----\n\(Self.jwt)\n------END NATS USER JWT------\n"
        let error = expectAuthError(.invalidCredentials) { _ = try NATSCredentials(contents: text) }
        #expect(error?.detail.contains("seed") == true)
    }

    @Test func missingJWTFailsClearly() {
        expectAuthError(.invalidCredentials) { _ = try NATSCredentials(contents: "") }
        expectAuthError(.invalidCredentials) { _ = try NATSCredentials(contents: "just text\n\(AuthVector.seed)\n") }
    }

    @Test func corruptSeedBlockReportsWithoutLeakingIt() {
        let corrupt = "SUAOTBNEUHZDFJT3EUMELT7MQTP24JF3XVCXQNDSCU74G5IU6VAJBKH5LA"
        let text = Self.document.replacingOccurrences(of: AuthVector.seed, with: corrupt)
        let error = expectAuthError(.invalidChecksum) { _ = try NATSCredentials(contents: text) }
        #expect(error.map { !"\($0)".contains(corrupt) } ?? true)
    }

    @Test func descriptionsNeverContainSecrets() throws {
        let credentials = try NATSCredentials(contents: Self.document)
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [credentials.description, String(reflecting: credentials), "\(credentials)", dumped] {
            #expect(!text.contains(AuthVector.seed))
            #expect(!text.contains(Self.jwt))
        }
    }

    @Test func readsCredsFile() throws {
        let path = "/tmp/pipeline-auth-test-\(getpid()).creds"
        defer { unlink(path) }
        let file = try #require(fopen(path, "wb"))
        let bytes = Array(Self.document.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
        #expect(written == bytes.count)

        let credentials = try NATSCredentials(contentsOfFile: path)
        #expect(credentials.jwt == Self.jwt)
        #expect(credentials.keyPair.publicKey == AuthVector.publicKey)
        #expect(try credentials.signNonce("nonce") == credentials.keyPair.signNonce("nonce"))
    }

    @Test func missingFileIsUnreadable() {
        let error = expectAuthError(.unreadableFile) {
            _ = try NATSCredentials(contentsOfFile: "/nonexistent/dir/user.creds")
        }
        #expect(error?.detail.contains("/nonexistent/dir/user.creds") == true)
    }
}

extension String {
    /// Plain substring replacement without Foundation.
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
