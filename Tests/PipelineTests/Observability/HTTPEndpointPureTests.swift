import NIOCore
import Testing

@testable import Pipeline

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct HTTPEndpointPureTests {
    @Test func readinessBodies() {
        #expect(Readiness.ready.responseBody == "ready\n")
        #expect(Readiness.ready.isReady)
        #expect(!Readiness.notReady("x").isReady)
        #expect(Readiness.notReady(reasons: ["a", "b"]).responseBody == "a\nb\n")
        // One reason is one line, whatever it contains.
        #expect(Readiness.notReady("two\nlines\r\nhere").responseBody == "two lines here\n")
        #expect(Readiness.notReady(reasons: []).responseBody == "not ready\n")
    }

    @Test func addressInUseIsRecognisedFromTheSocketError() {
        let error = HTTPEndpoint.startupError(IOError(errnoCode: EADDRINUSE, reason: "bind"), host: "0.0.0.0", port: 9464)
        #expect(error.code == .addressInUse)
        #expect(error.host == "0.0.0.0")
        #expect(error.port == 9464)
        #expect(error.description.hasPrefix("HTTP endpoint error (addressInUse) on 0.0.0.0:9464: cannot listen on 0.0.0.0:9464"))
    }

    @Test func otherStartUpFailuresAreBindFailures() {
        let error = HTTPEndpoint.startupError(IOError(errnoCode: EACCES, reason: "bind"), host: "127.0.0.1", port: 80)
        #expect(error.code == .bindFailed)
        #expect(error.underlying is IOError)
        let same = HTTPEndpointError(.invalidConfiguration, host: "h", port: 0, "x")
        #expect(HTTPEndpoint.startupError(same, host: "h", port: 0) == same)
    }
}
