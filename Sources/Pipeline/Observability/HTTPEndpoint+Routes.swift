import Hummingbird
import NIOCore
import Prometheus

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension HTTPEndpoint {
    /// The three routes; anything else is 404.
    static func makeRouter(registry: PrometheusCollectorRegistry, readiness: @escaping ReadinessCheck) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("healthz") { _, _ in
            textResponse(.ok, "ok\n")
        }
        router.get("readyz") { _, _ in
            let state = await readiness()
            return textResponse(state.isReady ? .ok : .serviceUnavailable, state.responseBody)
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: metricsContentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer()))
            )
        }
        return router
    }

    static func textResponse(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// The typed error for a failure before the server listened.
    static func startupError(_ error: any Error, host: String, port: Int) -> HTTPEndpointError {
        if let error = error as? HTTPEndpointError { return error }
        if let io = error as? IOError, io.errnoCode == EADDRINUSE {
            return HTTPEndpointError(
                .addressInUse,
                host: host,
                port: port,
                "cannot listen on \(host):\(port): the address is already in use (another process listens there)",
                underlying: error
            )
        }
        return HTTPEndpointError(.bindFailed, host: host, port: port, "cannot listen on \(host):\(port)", underlying: error)
    }
}
