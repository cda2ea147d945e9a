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

    /// `POST path` with `json` serialized as the body and `Content-Type: application/json`.
    package func post(_ path: String, _ json: Any) async throws -> CatalogResponse {
        let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        return try await send("POST", path, body: Array(data), headers: [("Content-Type", "application/json")])
    }

    /// `POST /search` returning the hits; fails the call (throws) unless the answer is 200.
    package func search(_ query: [String: Any]) async throws -> [CatalogHit] {
        let response = try await post("/search", query)
        guard response.status == 200 else {
            throw CatalogHarnessError("search \(query) answered \(response.status): \(response.text)")
        }
        return (response.object["hits"] as? [[String: Any]] ?? []).map(CatalogHit.init)
    }

    /// The `products` count `/health` reports.
    package func healthProducts() async throws -> Int? { try await get("/health").object["products"] as? Int }

    /// The number of vectors in the index, as `/health` reports it.
    package func healthVectors() async throws -> Int? {
        (try await get("/health").object["index"] as? [String: Any])?["vectors"] as? Int
    }
}
