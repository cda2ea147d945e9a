import HTTPServer
import Logging
import Sockets

/// A real `HTTPServer` with arbitrary routes on 127.0.0.1 and a free port, for tests and test doubles.
///
/// ```swift
/// var router = Router()
/// router.post("/v1/chat/completions") { req in .json(#"{"choices":[]}"#) }   // e.g. a stub LLM server
/// let server = try LiveServer(router: router)
/// defer { server.stop() }
/// // point a client at server.baseURL ("http://127.0.0.1:PORT")
/// ```
package final class LiveServer: Sendable {
    /// The running server.
    package let server: Server
    /// The bound port.
    package let port: Int

    /// Starts a server with `router`; `configure` may adjust limits and timeouts (host and port are forced).
    package init(router: Router, logger: Logger? = nil, configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws {
        var configuration = HTTPServerConfiguration()
        configuration.accessLog = false
        configuration.workers = 2
        configure(&configuration)
        configuration.host = "127.0.0.1"
        configuration.port = 0
        var log = logger ?? Logger(label: "test.http")
        if logger == nil { log.logLevel = .warning }
        server = Server(configuration: configuration, router: router, logger: log)
        port = try server.start()
    }

    /// `http://127.0.0.1:PORT`.
    package var baseURL: String { "http://127.0.0.1:\(port)" }

    /// A new raw client connected to this server.
    package func client(timeout: Double = 10) throws -> RawHTTPClient {
        try RawHTTPClient(port: port, timeout: timeout)
    }

    /// Graceful shutdown; returns true if every connection finished within `gracePeriod`.
    @discardableResult
    package func stop(gracePeriod: Double = 5) async -> Bool {
        await server.shutdown(gracePeriod: gracePeriod)
    }

    /// Fire-and-forget shutdown for `defer` blocks.
    package func stop() {
        server.shutdown(gracePeriod: 1) { _ in }
    }
}
