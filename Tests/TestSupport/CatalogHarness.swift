import Foundation

/// The real app, reached in process (the router called directly) or on a real socket (`TestMode`), configured for
/// catalog tests (built-in hashing text encoder, so no model files;
/// no periodic snapshots), with JSON helpers. `start` returns only once `/health` answers 200, i.e. once the
/// catalog and index finished loading in the background.
///
/// ```swift
/// let app = try await CatalogHarness.start()
/// defer { app.stop() }
/// let r = try await app.post("/products", CatalogFixtures.product("p1", title: "Desk lamp"))
/// #expect(r.status == 201)
/// ```
package final class CatalogHarness: Sendable {
    /// The running app.
    package let tester: AppTester
    /// How requests reach it.
    package let mode: TestMode

    /// Settings every catalog test runs with (overridable per test).
    package static let baseSettings = ["encoder.text": "hashing", "index.snapshot_every": "0", "llm.base_url": ""]

    private init(tester: AppTester, mode: TestMode) {
        self.tester = tester
        self.mode = mode
    }

    /// Starts an app with `settings` over the base settings and waits until it is ready; `mode` picks how the
    /// requests of this harness reach it (the app listens on a socket either way).
    package static func start(mode: TestMode = .live, settings: [String: String] = [:],
                             environment: [String: String] = [:]) async throws -> CatalogHarness {
        let harness = CatalogHarness(tester: try AppTester(settings: baseSettings.merging(settings) { _, new in new },
                                                           environment: environment), mode: mode)
        try await harness.waitUntilReady()
        return harness
    }

    /// Waits for the readiness events (a load failure throws at once), then checks that `/health` agrees (200).
    package func waitUntilReady() async throws {
        try await tester.waitUntilReady()
        let health = try await get("/health")
        guard health.status == 200 else {
            throw CatalogHarnessError("the app reported ready but /health answered \(health.status): \(health.text)")
        }
    }

    /// Graceful shutdown (the final index snapshot is written).
    package func shutdown() async { await tester.stop() }

    /// Fire-and-forget stop, for `defer`.
    package func stop() { tester.stop() }

    /// Sends one request on a fresh connection (error answers may close theirs).
    package func send(_ method: String, _ path: String, body: [UInt8] = [],
                     headers: [(String, String)] = []) async throws -> CatalogResponse {
        switch mode {
        case .inProcess:
            return CatalogResponse(try await tester.inProcessClient().request(method, path, headers: headers, body: body))
        case .live:
            let client = try tester.client(timeout: 60)
            return CatalogResponse(try await client.request(method, path, headers: headers, body: body))
        }
    }

    /// `GET path`.
    package func get(_ path: String) async throws -> CatalogResponse { try await send("GET", path) }

    /// `DELETE path`.
    package func delete(_ path: String) async throws -> CatalogResponse { try await send("DELETE", path) }

    /// `POST path` with `body` as JSON and `Content-Type: application/json` (see `jsonBody`).
    package func post(_ path: String, _ body: Any) async throws -> CatalogResponse {
        try await send("POST", path, body: try Self.jsonBody(body), headers: [("Content-Type", "application/json")])
    }

    /// A request body: an `Encodable` value (a fixture, `[String: String]`, ...) through `JSONEncoder`, anything
    /// else (dictionaries and arrays of mixed or deliberately wrong types) through `JSONSerialization`; keys sorted.
    package static func jsonBody(_ body: Any) throws -> [UInt8] {
        if let value = body as? any Encodable {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Array(try encoder.encode(value))
        }
        guard JSONSerialization.isValidJSONObject(body) else {
            throw CatalogHarnessError("not a JSON value (an Encodable fixture inside a dictionary? use its jsonObject): \(body)")
        }
        return Array(try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
    }

    /// `POST /search` with `query` (a `SearchFixture` or a dictionary) returning the decoded answer; throws
    /// unless the answer is 200 and a well-formed `SearchAnswer`.
    package func searchAnswer(_ query: Any) async throws -> SearchAnswer {
        let response = try await post("/search", query)
        guard response.status == 200 else {
            throw CatalogHarnessError("search \(query) answered \(response.status): \(response.text)")
        }
        return try response.decode(SearchAnswer.self)
    }

    /// `POST /search` returning the hits (see `searchAnswer`).
    package func search(_ query: Any) async throws -> [CatalogHit] { try await searchAnswer(query).hits }

    /// `/health`, decoded; throws unless it is a well-formed `HealthAnswer`.
    package func health() async throws -> HealthAnswer { try await get("/health").decode(HealthAnswer.self) }

    /// The `products` count `/health` reports.
    package func healthProducts() async throws -> Int { try await health().products }

    /// The number of vectors in the index, as `/health` reports it.
    package func healthVectors() async throws -> Int? { try await health().index.vectors }
}
