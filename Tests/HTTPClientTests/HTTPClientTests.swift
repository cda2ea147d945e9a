import Dispatch
import HTTPClient
import Synchronization
import TestSupport
import Testing

@Suite struct HTTPClientTests {
    @Test func postSendsHeadersAndBodyAndReturnsResponse() async throws {
        let server = try StubLLMServer(script: [.init(status: 201, headers: [("X-Reply", "yes")], body: Array("pong".utf8))])
        defer { server.stop() }
        let client = CurlClient()
        let response = try await client.execute(ClientRequest(
            method: "POST", url: server.baseURL + "/echo",
            headers: [("Content-Type", "text/plain"), ("X-Test", "42")], body: Array("ping".utf8)))
        #expect(response.status == 201)
        #expect(response.header("x-reply") == "yes")
        #expect(response.bodyText == "pong")
        let seen = try #require(server.requests.first)
        #expect(seen.method == "POST")
        #expect(seen.path == "/v1/echo")
        #expect(seen.header("X-Test") == "42")
        #expect(seen.header("Expect") == nil)
        #expect(seen.body == Array("ping".utf8))
    }

    @Test func errorStatusesAreResponsesNotErrors() async throws {
        let server = try StubLLMServer(script: [StubLLMServer.error(503, headers: [("Retry-After", "7")])])
        defer { server.stop() }
        let response = try await CurlClient().execute(ClientRequest(url: server.baseURL))
        #expect(response.status == 503)
        #expect(response.header("Retry-After") == "7")
    }

    @Test func oversizedBodyIsRejected() async throws {
        let server = try StubLLMServer(script: [.init(status: 200, body: [UInt8](repeating: 65, count: 5000))])
        defer { server.stop() }
        let client = CurlClient(configuration: .init(maxResponseBytes: 1000))
        await #expect(throws: HTTPClientError.responseTooLarge(limit: 1000)) {
            try await client.execute(ClientRequest(url: server.baseURL))
        }
    }

    @Test func slowServerHitsTotalTimeout() async throws {
        let server = try StubLLMServer(script: [.init(status: 200, body: [1], delay: 3)])
        defer { server.stop() }
        let client = CurlClient(configuration: .init(connectTimeout: 1, totalTimeout: 0.2))
        await #expect(throws: HTTPClientError.timedOut) {
            try await client.execute(ClientRequest(url: server.baseURL))
        }
    }

    @Test func refusedConnectionIsConnectFailed() async throws {
        let server = try StubLLMServer()
        let url = server.baseURL
        await server.shutdown()  // the port is now closed: connecting is refused
        let error = await #expect(throws: HTTPClientError.self) {
            try await CurlClient().execute(ClientRequest(url: url))
        }
        guard case .connectFailed = error else { Issue.record("expected connectFailed, got \(String(describing: error))"); return }
        #expect(error?.isTransient == true)
    }

    @Test func malformedURLIsInvalidURL() async throws {
        let error = await #expect(throws: HTTPClientError.self) {
            try await CurlClient().execute(ClientRequest(url: "ftp://127.0.0.1/x"))
        }
        guard case .invalidURL = error else { Issue.record("expected invalidURL, got \(String(describing: error))"); return }
    }

    @Test(.timeLimit(.minutes(1)))
    func concurrencyCapBoundsRequestsInFlight() async throws {
        let inFlight = Atomic<Int>(0)
        let peak = Atomic<Int>(0)
        // Each handler reports its arrival, then stays in flight until the test lets it go (no timed busy work).
        let (arrivals, arrived) = AsyncStream.makeStream(of: Void.self)
        let proceed = DispatchSemaphore(value: 0)
        let responder = try RawSocketHTTPResponder { _ in
            let now = inFlight.add(1, ordering: .sequentiallyConsistent).newValue
            peak.max(now, ordering: .sequentiallyConsistent)
            arrived.yield()
            proceed.wait()
            inFlight.subtract(1, ordering: .sequentiallyConsistent)
            return .init(status: 200, body: Array("ok".utf8))
        }
        defer {
            for _ in 0..<6 { proceed.signal() }  // a failed test must not leave handler threads blocked
            responder.stop()
        }
        let client = CurlClient(configuration: .init(maxConcurrentRequests: 2))
        let requests = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await client.execute(ClientRequest(url: "http://127.0.0.1:\(responder.port)/")).status }
                }
                var all: [Int] = []
                for try await s in group { all.append(s) }
                return all
            }
        }
        // Released two at a time once two are held: the client's cap is what keeps a third from arriving meanwhile.
        var count = 0
        for await _ in arrivals {
            count += 1
            if count % 2 == 0 { proceed.signal(); proceed.signal() }
            if count == 6 { break }
        }
        let statuses = try await requests.value
        #expect(statuses == Array(repeating: 200, count: 6))
        #expect(peak.load(ordering: .sequentiallyConsistent) <= 2)
        #expect(peak.load(ordering: .sequentiallyConsistent) == 2)  // two were held at once before any was let go
    }

    @Test func blockingExecuteWorksOffThePool() throws {
        let server = try StubLLMServer(script: [.init(status: 204)])
        defer { server.stop() }
        let response = try CurlClient().executeBlocking(ClientRequest(method: "DELETE", url: server.baseURL + "/x"))
        #expect(response.status == 204)
        #expect(server.requests.first?.method == "DELETE")
    }

    @Test func shutDownClientRejectsRequests() async throws {
        let client = CurlClient()
        client.shutdown()
        await #expect(throws: HTTPClientError.shutDown) {
            try await client.execute(ClientRequest(url: "http://127.0.0.1:1/"))
        }
    }
}
