import App
import Foundation
import HTTPServer
import Synchronization
import Testing
import TestSupport

/// Authentication, rate limiting and admission control over real sockets, against the real app.
@Suite("Guard: API keys, rate limits, admission (e2e)")
struct GuardE2ETests {
    static let writeKey = "w-test-key-0123456789abcdef"
    static let readKey = "r-test-key-0123456789abcdef"
    static let keys = ["AMPERE_WRITE_KEYS": writeKey, "AMPERE_READ_KEYS": " \(readKey) , r-second-key-0123456789"]

    /// Sends `method path` with an optional bearer key and JSON body.
    static func call(_ app: CatalogHarness, _ method: String, _ path: String, key: String? = nil,
                     authorization: String? = nil, json: Any? = nil) async throws -> CatalogResponse {
        var headers: [(String, String)] = []
        if let key { headers.append(("Authorization", "Bearer \(key)")) }
        if let authorization { headers.append(("Authorization", authorization)) }
        var body: [UInt8] = []
        if let json {
            body = try CatalogHarness.jsonBody(json)
            headers.append(("Content-Type", "application/json"))
        }
        return try await app.send(method, path, body: body, headers: headers)
    }

    // Both modes: the guard runs in the route's preflight and handler wrapper, and counts its own refusals.
    @Test(arguments: TestMode.allCases)
    func withKeysEveryRouteButHealthNeedsOneAndReadKeysCannotWrite(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode, environment: Self.keys)
        defer { app.stop() }
        let product = CatalogFixtures.product("p1", title: "Brass desk lamp")

        // No key, a wrong key, another scheme, two Authorization fields: 401 with a Bearer challenge.
        for (key, authorization, challenge) in [(nil, nil, #"Bearer realm="ampere""#),
                                                ("w-test-key-0123456789abcdeX", nil, #"error="invalid_token""#),
                                                (nil, "Basic dXNlcjpwYXNz", #"Bearer realm="ampere""#),
                                                (Self.writeKey, "Bearer \(Self.writeKey)", #"Bearer realm="ampere""#)] {
            for (method, path, json) in [("POST", "/search", ["text": "lamp"] as Any?), ("GET", "/products", nil),
                                         ("GET", "/products/p1", nil), ("POST", "/products", product as Any?),
                                         ("DELETE", "/products/p1", nil), ("POST", "/embed", ["text": "lamp"]),
                                         ("POST", "/summarize", ["asr": "um a brass lamp"]), ("GET", "/metrics", nil)] {
                let r = try await Self.call(app, method, path, key: key, authorization: authorization, json: json)
                #expect(r.status == 401, "\(method) \(path): \(r.text)")
                #expect(r.errorCode == "unauthorized", "\(method) \(path)")
                #expect(r.headers["WWW-Authenticate"]?.contains(challenge) == true, "\(r.headers["WWW-Authenticate"] ?? "none")")
                #expect(!r.text.contains("0123456789abcde"), "the key must never be echoed")
            }
        }
        #expect(try await app.get("/health").status == 200)

        // A read key reads but cannot write; nothing is stored by the refused writes.
        for read in [Self.readKey, "r-second-key-0123456789"] {
            #expect(try await Self.call(app, "POST", "/search", key: read, json: ["text": "lamp"]).status == 200)
            #expect(try await Self.call(app, "GET", "/products", key: read).status == 200)
            #expect(try await Self.call(app, "POST", "/embed", key: read, json: ["text": "lamp"]).status == 200)
            for (method, path, json) in [("POST", "/products", product as Any?), ("DELETE", "/products/p1", nil),
                                         ("POST", "/products/batch", ["products": [product]])] {
                let r = try await Self.call(app, method, path, key: read, json: json)
                #expect(r.status == 403, "\(method) \(path): \(r.text)")
                #expect(r.errorCode == "forbidden")
                #expect(r.headers["WWW-Authenticate"]?.contains("insufficient_scope") == true)
            }
        }
        #expect(try await app.healthProducts() == 0)

        // A write key does both; the scheme name is case-insensitive.
        #expect(try await Self.call(app, "POST", "/products", key: Self.writeKey, json: product).status == 201)
        #expect(try await Self.call(app, "GET", "/products/p1", authorization: "bearer  \(Self.writeKey)").status == 200)
        let hits = try await Self.call(app, "POST", "/search", key: Self.writeKey, json: ["text": "brass lamp"])
        #expect(hits.status == 200)
        #expect(hits.text.contains("\"p1\""))
        #expect(try await Self.call(app, "GET", "/products/p1", key: Self.readKey).status == 200)
        #expect(try await Self.call(app, "DELETE", "/products/p1", key: Self.writeKey).status == 204)

        // /metrics needs a read key by default, and counts the refusals by reason.
        let metrics = try await Self.call(app, "GET", "/metrics", key: Self.readKey)
        #expect(metrics.status == 200)
        #expect(metrics.text.contains(#"http_guard_rejections_total{reason="unauthorized"} 32"#), "\(metrics.text)")
        #expect(metrics.text.contains(#"http_guard_rejections_total{reason="forbidden"} 6"#))
        #expect(metrics.text.contains(#"http_guard_rejections_total{reason="rate_limited"} 0"#))
    }

    @Test func refusedBeforeTheBodyIsRead() async throws {
        let app = try await CatalogHarness.start(environment: Self.keys)
        defer { app.stop() }
        // A head announcing 10 MB and no body byte sent: the 401/403 comes at once (the body timeout is 30 s),
        // and the connection is closed rather than read to the end.
        for (auth, status) in [("", 401), ("Authorization: Bearer \(Self.readKey)\r\n", 403)] {
            let client = try app.tester.client(timeout: 10)
            try await client.send("POST /products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\(auth)"
                                  + "Content-Length: 10000000\r\n\r\n")
            let r = try #require(try await client.readResponse())
            #expect(r.status == status, "\(r.text)")
            #expect(r.headers["Connection"]?.lowercased() == "close")
            #expect(try await client.serverClosed())
        }
        // With a write key the same head is let through to read the body (and answered once it is complete).
        let client = try app.tester.client(timeout: 10)
        let body = try CatalogHarness.jsonBody(CatalogFixtures.product("p9", title: "Lamp"))
        try await client.send("POST /products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                              + "Authorization: Bearer \(Self.writeKey)\r\nContent-Length: \(body.count)\r\n\r\n")
        try await client.send(body)
        #expect(try #require(try await client.readResponse()).status == 201)
    }

    @Test(arguments: TestMode.allCases)
    func metricsCanBeOpenWhileTheAPIStaysClosed(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode, settings: ["auth.metrics": "open"], environment: Self.keys)
        defer { app.stop() }
        #expect(try await app.get("/metrics").status == 200)
        #expect(try await app.post("/search", ["text": "lamp"]).status == 401)
    }

    @Test(arguments: TestMode.allCases)
    func withoutKeysEverythingIsOpen(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        #expect(try await app.post("/products", CatalogFixtures.product("p1", title: "Lamp")).status == 201)
        #expect(try await app.post("/search", ["text": "lamp"]).status == 200)
        #expect(try await app.get("/metrics").status == 200)
    }

    @Test(arguments: TestMode.allCases)
    func burstThen429WithRetryAfterPerClient(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode, settings: ["limits.rate_per_s": "0.01", "limits.rate_burst": "3"],
                                                 environment: Self.keys)
        defer { app.stop() }
        for _ in 0..<3 { #expect(try await Self.call(app, "GET", "/products", key: Self.readKey).status == 200) }
        let limited = try await Self.call(app, "GET", "/products", key: Self.readKey)
        #expect(limited.status == 429, "\(limited.text)")
        #expect(limited.errorCode == "too_many_requests")
        let retry = try #require(Int(limited.headers["Retry-After"] ?? ""))
        #expect((90...101).contains(retry), "one token at 0.01/s is ~100 s away, got \(retry)")
        // Another key has its own bucket; health and metrics are never rate limited.
        #expect(try await Self.call(app, "GET", "/products", key: Self.writeKey).status == 200)
        for _ in 0..<5 {
            #expect(try await app.get("/health").status == 200)
            #expect(try await Self.call(app, "GET", "/metrics", key: Self.readKey).status == 200)
        }
        // Requests without a valid key are counted against the client's IP: guessing keys is rate limited too.
        for _ in 0..<3 { #expect(try await Self.call(app, "GET", "/products", key: "wrong-key-0123456789").status == 401) }
        #expect(try await Self.call(app, "GET", "/products", key: "wrong-key-0123456789").status == 429)
        let metrics = try await Self.call(app, "GET", "/metrics", key: Self.readKey)
        #expect(metrics.text.contains(#"http_guard_rejections_total{reason="rate_limited"} 2"#), "\(metrics.text)")
    }

    @Test(.timeLimit(.minutes(1)), arguments: TestMode.allCases)
    func fullAdmissionQueueIs503WithRetryAfterAndHealthStillAnswers(mode: TestMode) async throws {
        let llm = try BlockingLLM()
        defer { llm.stop() }
        let app = try await CatalogHarness.start(mode: mode, settings: [
            "limits.max_in_flight": "1", "limits.max_queued": "1", "limits.retry_after_s": "7",
            "llm.base_url": llm.baseURL, "llm.retries": "0",
        ])
        defer { app.stop() }
        // The first request holds the only slot: its LLM call blocks, and the stub's arrival event says it is in.
        async let first = app.post("/summarize", ["asr": "so this is the um brass lamp"])
        await llm.firstArrival.wait()
        // Two more race for the one place in line: whichever comes second finds the line full and is answered at
        // once, while the other waits (it cannot finish before the first request's LLM call is released), so the
        // first answer to come back is the refusal, and at that moment the line holds the other one.
        let gate = app.tester.app.requestGuard.gate
        let (refused, queued) = try await withThrowingTaskGroup(of: CatalogResponse.self) { group in
            group.addTask { try await app.post("/summarize", ["asr": "and this one is the copper kettle"]) }
            group.addTask { try await app.post("/search", ["text": "lamp"]) }
            let refused = try #require(try await group.next())
            #expect(gate.load == (1, 1))
            #expect(try await app.get("/health").status == 200)
            let metrics = try await app.get("/metrics")
            #expect(metrics.text.contains(#"http_guard_rejections_total{reason="overloaded"} 1"#), "\(metrics.text)")
            #expect(metrics.text.contains("http_guard_in_flight 1"))
            #expect(metrics.text.contains("http_guard_queued 1"))
            llm.release(2)
            return (refused, try #require(try await group.next()))
        }
        #expect(refused.status == 503, "\(refused.text)")
        #expect(refused.errorCode == "unavailable")
        #expect(refused.headers["Retry-After"] == "7")
        #expect(queued.status == 200, "\(queued.text)")
        #expect(try await first.status == 200)
        #expect(app.tester.app.requestGuard.gate.load == (0, 0))
        #expect(try await app.post("/search", ["text": "lamp"]).status == 200)
    }
}

/// An OpenAI-compatible stub whose completions block until the test releases them.
final class BlockingLLM: Sendable {
    final class Count: Sendable { let value = Atomic<Int>(0) }
    let live: LiveServer
    private let count = Count()
    private let semaphore = DispatchSemaphore(value: 0)
    /// Opened when the first completion request arrives (the event a test waits on instead of polling `received`).
    let firstArrival = AsyncGate()

    init() throws {
        let completion = StubLLMServer.completion("brass lamp")
        let count = self.count, semaphore = self.semaphore, arrival = firstArrival
        var router = Router()
        // Synchronous on purpose: it blocks one of the stub's worker threads, never the cooperative pool.
        router.add(.post, "/v1/chat/completions", .sync { _ in
            count.value.add(1, ordering: .relaxed)
            arrival.open()
            semaphore.wait()
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: completion.body)
        })
        live = try LiveServer(router: router) { $0.workers = 4 }
    }

    /// Completions requested so far.
    var received: Int { count.value.load(ordering: .relaxed) }
    var baseURL: String { live.baseURL + "/v1" }
    func release(_ n: Int) { for _ in 0..<n { semaphore.signal() } }
    func stop() {
        release(16)
        live.stop()
    }
}
