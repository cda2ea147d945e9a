import Foundation
import HTTPServer
import Sockets
import Testing
import TestSupport

struct TeapotError: HTTPResponseError {
    var status: HTTPStatus { 418 }
    var code: String { "teapot" }
    var message: String { "I am a teapot." }
}

@Suite("HTTP server over real sockets")
struct LiveServerTests {
    static func router(gate: AsyncGate? = nil, entered: AsyncGate? = nil) -> Router {
        var r = Router()
        r.get("/health") { _ in .json(#"{"status":"ok"}"#) }
        r.post("/echo") { req in HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: req.body) }
        r.post("/big", bodyLimit: 64 * 1024) { req in .json("{\"n\":\(req.body.count)}") }
        r.get("/items/{id}") { req in .json("{\"id\":\(JSONText.quoted(req.pathParameters["id"] ?? ""))}") }
        r.get("/slow") { _ in
            entered?.open()
            await gate?.wait()
            return .json(#"{"slow":true}"#)
        }
        r.get("/large") { _ in
            HTTPResponse(contentType: "application/json", body: "[" + (0..<2000).map { "\"item-\($0)\"" }.joined(separator: ",") + "]")
        }
        r.get("/teapot") { _ in throw TeapotError() }
        r.get("/boom") { _ in throw CocoaError(.featureUnsupported) }
        return r
    }

    @Test func keepAliveServesManyRequestsOnOneConnection() async throws {
        let server = try LiveServer(router: Self.router())
        defer { server.stop() }
        let c = try server.client()
        for i in 0..<3 {
            let r = try await c.request("GET", "/health", headers: [("X-Request-ID", "req-\(i)")])
            #expect(r.status == 200)
            #expect(r.text == #"{"status":"ok"}"#)
            #expect(r.headers["X-Request-ID"] == "req-\(i)")
            #expect(r.headers["Content-Length"] == "15")
            #expect(r.headers["Date"]?.hasSuffix("GMT") == true)
            #expect(r.headers["Connection"] == nil)
        }
        let generated = try await c.request("GET", "/health")
        #expect((generated.headers["X-Request-ID"] ?? "").count >= 10)
    }

    @Test func connectionCloseAndHTTP10Close() async throws {
        let server = try LiveServer(router: Self.router())
        defer { server.stop() }
        let c = try server.client()
        let r = try await c.request("GET", "/health", headers: [("Connection", "close")])
        #expect(r.headers["Connection"] == "close")
        #expect(try await c.serverClosed())
        let c10 = try server.client()
        try await c10.send("GET /health HTTP/1.0\r\n\r\n")
        let r10 = try #require(try await c10.readResponse())
        #expect(r10.status == 200)
        #expect(try await c10.serverClosed())
    }

    @Test func notFoundAndMethodNotAllowedUseTheErrorBody() async throws {
        let server = try LiveServer(router: Self.router())
        defer { server.stop() }
        let c = try server.client()
        let nf = try await c.request("GET", "/nope")
        #expect(nf.status == 404)
        #expect(nf.errorCode == "not_found")
        #expect(nf.headers["Content-Type"] == "application/json")
        let na = try await c.request("DELETE", "/health")
        #expect(na.status == 405)
        #expect(na.errorCode == "method_not_allowed")
        #expect(na.headers["Allow"] == "GET, HEAD")
        // The connection survives both.
        #expect(try await c.request("GET", "/items/a%20b").text == #"{"id":"a b"}"#)
    }

    @Test func bodyLimitAnswers413BeforeTheBodyIsSent() async throws {
        let server = try LiveServer(router: Self.router()) { $0.limits.maxBodyBytes = 1024 }
        defer { server.stop() }
        let c = try server.client()
        // Only the head goes out: the server must answer without waiting for 5000 body bytes.
        try await c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n")
        let r = try #require(try await c.readResponse())
        #expect(r.status == 413)
        #expect(r.errorCode == "payload_too_large")
        #expect(r.headers["Connection"] == "close")
        // The per-route override admits a larger body.
        let ok = try await server.client().request("POST", "/big", body: [UInt8](repeating: 7, count: 5000))
        #expect(ok.text == #"{"n":5000}"#)
    }

    @Test func expectContinue() async throws {
        let server = try LiveServer(router: Self.router())
        defer { server.stop() }
        let c = try server.client()
        try await c.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        let interim = try #require(try await c.readResponse())
        #expect(interim.status == 100)
        try await c.send("ping")
        let r = try #require(try await c.readResponse())
        #expect(r.status == 200)
        #expect(r.text == "ping")
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let gate = AsyncGate()
        gate.open()
        let server = try LiveServer(router: Self.router(gate: gate))
        defer { server.stop() }
        let c = try server.client()
        try await c.send("GET /items/1 HTTP/1.1\r\nHost: t\r\n\r\nGET /slow HTTP/1.1\r\nHost: t\r\n\r\n"
            + "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n"
            + "GET /items/2 HTTP/1.1\r\nHost: t\r\n\r\n")
        let bodies = try await readBodies(c, 4)
        #expect(bodies == [#"{"id":"1"}"#, #"{"slow":true}"#, "abc", #"{"id":"2"}"#])
    }

    @Test func headHasLengthButNoBody() async throws {
        let server = try LiveServer(router: Self.router())
        defer { server.stop() }
        let c = try server.client()
        let r = try await c.request("HEAD", "/health")
        #expect(r.status == 200)
        #expect(r.headers["Content-Length"] == "15")
        #expect(r.body.isEmpty)
        // The next response starts exactly where the HEAD response ended (no stray body bytes).
        #expect(try await c.request("GET", "/health").status == 200)
    }

    @Test func largeBodiesAreGzippedWhenAccepted() async throws {
        let server = try LiveServer(router: Self.router())
        defer { server.stop() }
        let c = try server.client()
        let plain = try await c.request("GET", "/large")
        #expect(plain.headers["Content-Encoding"] == nil)
        let zipped = try await c.request("GET", "/large", headers: [("Accept-Encoding", "gzip, deflate")])
        #expect(zipped.headers["Content-Encoding"] == "gzip")
        #expect(zipped.headers["Vary"] == "Accept-Encoding")
        #expect(zipped.body.count < plain.body.count / 3)
        #expect(ContentCoding.gunzip(zipped.body) == plain.body)
        let small = try await c.request("GET", "/health", headers: [("Accept-Encoding", "gzip")])
        #expect(small.headers["Content-Encoding"] == nil)
    }

    @Test func handlerErrorsBecomeJSON() async throws {
        let server = try LiveServer(router: Self.router())
        defer { server.stop() }
        let c = try server.client()
        let t = try await c.request("GET", "/teapot")
        #expect(t.status == 418)
        #expect(t.errorCode == "teapot")
        let b = try await c.request("GET", "/boom")
        #expect(b.status == 500)
        #expect(b.errorCode == "internal_error")
        #expect(!b.text.contains("featureUnsupported"))
    }

    @Test func malformedRequestGets400AndClose() async throws {
        let server = try LiveServer(router: Self.router())
        defer { server.stop() }
        let c = try server.client()
        try await c.send("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
        let r = try #require(try await c.readResponse())
        #expect(r.status == 400)
        #expect(r.errorCode == "bad_request")
        #expect(try await c.serverClosed())
        // Binary garbage: still an answer, and the server lives on.
        let g = try server.client()
        try await g.send([0x00, 0xFF, 0x13, 0x37, 13, 10, 13, 10])
        #expect(try #require(try await g.readResponse()).status == 400)
        #expect(try await server.client().request("GET", "/health").status == 200)
    }
}

/// Reads `n` responses and returns their bodies as text.
func readBodies(_ c: RawHTTPClient, _ n: Int) async throws -> [String] {
    var bodies: [String] = []
    for _ in 0..<n { bodies.append(try #require(try await c.readResponse()).text) }
    return bodies
}
