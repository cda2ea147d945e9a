import Foundation
import Testing
import TestSupport

/// The release-built `ampere` named by `AMPERE_RELEASE_BINARY`, or nil (the suite is then skipped).
///
/// At file scope on purpose: declared inside the `@Suite` type, the lookup used by the suite's own `.enabled(if:)`
/// trait made the macro expansion refer to itself.
private func releaseBinary() -> URL? {
    guard let path = ProcessInfo.processInfo.environment["AMPERE_RELEASE_BINARY"], !path.isEmpty else { return nil }
    return URL(fileURLWithPath: path)
}

/// A transcript of `words` words: filler with the seeded product's words spread through it, `tag` first so that
/// each transcript (and its cache key) is distinct.
private func transcript(words: Int, tag: String) -> String {
    let filler = ["so", "guys", "um", "okay", "look", "at", "this", "one", "really", "nice", "right", "yeah"]
    var out = [tag]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(words)  // seeded, so every run sends the same text
    while out.count < words {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        out.append(out.count % 40 == 7 ? "brass desk lamp" : filler[Int(state >> 33) % filler.count])
    }
    return out.joined(separator: " ")
}

/// Optimised builds can differ from debug ones in ways that matter (issue 17: the map step of long transcripts
/// trapped with SIGILL only under -O), so this suite runs the release binary itself (`scripts/release-smoke` builds
/// it and sets `AMPERE_RELEASE_BINARY`) against a stub LLM, with transcripts of one, two and five map windows, and
/// sends every route (and the error paths) to it before a restart that must load the shutdown snapshot.
@Suite(.enabled(if: releaseBinary() != nil, "set AMPERE_RELEASE_BINARY to a release-built ampere"), .serialized)
struct ReleaseBinaryTests {
    /// Words per map window (`LLMConfig.windowWords`), and transcript lengths giving 1, 2 and 5 windows.
    static let windowWords = 350
    static let lengths = [(windows: 1, words: 120), (windows: 2, words: 500), (windows: 5, words: 1_600)]

    @Test(.timeLimit(.minutes(3)))
    func longTranscriptsGoThroughTheLLMAndTheProcessSurvives() async throws {
        let binary = try #require(releaseBinary())
        let llm = try StubLLMServer { request in
            let user = StubLLMServer.messages(of: request)?["user"] ?? ""
            return StubLLMServer.completion(user.hasPrefix("Fact lines") ? "Brass desk lamp" : "brass desk lamp")
        }
        defer { llm.stop() }
        let dir = try TemporaryDirectory()
        let portFile = dir.file("port")
        try await AmpereProcess.seedDataDirectory(dir.file("data"))
        let child = try AmpereProcess(
            executable: binary,
            ["serve", "--port", "0", "--port-file", portFile, "--data-dir", dir.file("data"),
             "--set", "encoder.text=hashing", "--set", "llm.deadline_s=0"],
            environment: ["AMPERE_LLM_BASE_URL": llm.baseURL, "AMPERE_LLM_MODEL": "stub-model"])
        let ready = await child.waitForOutput(containing: AmpereProcess.readyMarker)
        #expect(ready.contains(AmpereProcess.readyMarker), "\(ready.suffix(600))")
        let port = try #require(Int(try String(contentsOfFile: portFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let json = [("Content-Type", "application/json")]

        var expectedCalls = 0
        for (windows, words) in Self.lengths {
            let summarize = try JSONEncoder().encode(["asr": transcript(words: words, tag: "summarize\(windows)")])
            let answer = try await RawHTTPClient(port: port).request("POST", "/summarize", headers: json,
                                                                     body: Array(summarize))
            #expect(answer.status == 200, "\(windows) windows: \(answer.text.prefix(300))")
            let summary = try JSONDecoder().decode(SummarizeAnswer.self, from: Data(answer.body))
            #expect(summary.source == "llm" && summary.summary.lowercased() == "brass desk lamp", "\(summary)")

            let query = SearchFixture(asr: transcript(words: words, tag: "search\(windows)"), k: 3)
            let found = try await RawHTTPClient(port: port).request("POST", "/search", headers: json,
                                                                    body: Array(try JSONEncoder().encode(query)))
            #expect(found.status == 200, "\(windows) windows: \(found.text.prefix(300))")
            let hits = try JSONDecoder().decode(SearchAnswer.self, from: Data(found.body))
            #expect(hits.summary?.source == "llm", "\(String(describing: hits.summary))")
            #expect(hits.hits.first?.id == "seed-1")

            expectedCalls += 2 * (windows == 1 ? 1 : windows + 1)  // map calls plus the reduce, per request
            #expect(child.process.isRunning, "the server died on a \(windows)-window transcript")
        }
        #expect(llm.requests.count == expectedCalls, "every window reached the LLM once")

        let health = try await RawHTTPClient(port: port).request("GET", "/health")
        #expect(health.status == 200)
        kill(child.process.processIdentifier, SIGTERM)
        let (status, _, err) = await child.waitForExit()
        #expect(status == 0, "\(err.suffix(2000))")
    }

    /// Every route of the release binary over a real socket, then a restart on the same directory: the shutdown
    /// snapshot is loaded (not rebuilt), and what was written, replaced and deleted before is what is found after.
    @Test(.timeLimit(.minutes(3)))
    func everyRouteAnswersAndTheSnapshotSurvivesARestart() async throws {
        let binary = try #require(releaseBinary())
        let dir = try TemporaryDirectory()
        try await AmpereProcess.seedDataDirectory(dir.file("data"))
        let arguments = ["serve", "--port", "0", "--port-file", dir.file("port"), "--data-dir", dir.file("data"),
                         "--set", "encoder.text=hashing"]
        let json = [("Content-Type", "application/json")]
        func port() throws -> Int {
            try #require(Int(try String(contentsOfFile: dir.file("port"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        func decode<T: Decodable>(_ type: T.Type, _ response: RawResponse) throws -> T {
            try JSONDecoder().decode(type, from: Data(response.body))
        }
        func call(_ port: Int, _ method: String, _ path: String, _ body: (any Encodable)? = nil) async throws -> RawResponse {
            let bytes = try body.map { Array(try JSONEncoder().encode($0)) } ?? []
            return try await RawHTTPClient(port: port).request(method, path, headers: bytes.isEmpty ? [] : json, body: bytes)
        }

        let first = try AmpereProcess(executable: binary, arguments)
        let ready = await first.waitForOutput(containing: AmpereProcess.readyMarker)
        #expect(ready.contains(AmpereProcess.readyMarker), "\(ready.suffix(600))")
        let p1 = try port()

        let lamp = CatalogFixtures.product("lamp-2", title: "Green banker lamp", brand: "Lumen",
                                           media: [CatalogFixtures.media("live", asr: "so guys this green banker lamp is lovely")])
        #expect(try await call(p1, "POST", "/products", lamp).status == 201)
        let batch = ["products": [CatalogFixtures.product("kettle-1", title: "Copper tea kettle"),
                                  CatalogFixtures.product("mug-1", title: "Stoneware coffee mug")]]
        let stored = try await call(p1, "POST", "/products/batch", batch)
        #expect(stored.status == 200, "\(stored.text)")
        #expect(try decode(BatchAnswer.self, stored).results.map(\.status) == [201, 201])
        // A replace: the kettle's new title must be what the restarted server finds.
        #expect(try await call(p1, "POST", "/products", CatalogFixtures.product("kettle-1", title: "Enamel whistling kettle")).status == 200)
        #expect(try await call(p1, "DELETE", "/products/mug-1").status == 204)

        let product = try await call(p1, "GET", "/products/lamp-2")
        #expect(product.status == 200)
        #expect(try decode(ProductAnswer.self, product).title == "Green banker lamp")
        let page = try await call(p1, "GET", "/products?limit=10")
        #expect(Set(try decode(ProductPageAnswer.self, page).products.map(\.id))
                == ["seed-1", "lamp-2", "kettle-1"])
        let found = try await call(p1, "POST", "/search", SearchFixture(text: "green banker lamp", k: 3))
        #expect(try decode(SearchAnswer.self, found).hits.first?.id == "lamp-2", "\(found.text)")
        let embedded = try await call(p1, "POST", "/embed", ["text": "green banker lamp"])
        #expect(embedded.status == 200, "\(embedded.text)")
        #expect(try decode(EmbedAnswer.self, embedded).embedding.count > 0)
        let summary = try await call(p1, "POST", "/summarize", ["asr": "um so this copper kettle right here, the kettle"])
        #expect(summary.status == 200, "\(summary.text)")
        let events = try await call(p1, "POST", "/events", ["events": [EventFixture(user: "u1", product: "lamp-2", type: "purchase")]])
        #expect(events.status == 200)
        #expect(try decode(EventsAnswer.self, events).accepted == 1)
        let similar = try await call(p1, "POST", "/recommend", RecommendFixture(positive: ["lamp-2"], k: 2))
        #expect(similar.status == 200, "\(similar.text)")
        #expect(try !decode(RecommendAnswer.self, similar).ids.contains("lamp-2"))
        #expect(try await call(p1, "DELETE", "/users/u1/events").status == 204)
        let metrics = try await call(p1, "GET", "/metrics")
        #expect(metrics.status == 200 && metrics.text.contains("ampere_recommend_requests_total"))
        // The error paths answer with the JSON error body, never a crash.
        let missing = try await call(p1, "GET", "/products/mug-1")
        #expect(missing.status == 404)
        #expect(try decode(ErrorBody.self, missing).error.code.isEmpty == false)
        let noRoute = try await call(p1, "GET", "/no-such-route")
        #expect(noRoute.status == 404)
        #expect(try decode(ErrorBody.self, noRoute).error.code.isEmpty == false)
        let untyped = try await RawHTTPClient(port: p1).request("POST", "/search", body: Array(#"{"text":"lamp"}"#.utf8))
        #expect(untyped.status == 415)
        let broken = try await RawHTTPClient(port: p1).request("POST", "/search", headers: json, body: Array("{\"text\":".utf8))
        #expect(broken.status == 400)
        #expect(first.process.isRunning)

        kill(first.process.processIdentifier, SIGTERM)
        let (status, _, err) = await first.waitForExit()
        #expect(status == 0, "\(err.suffix(2000))")

        // The restart: the shutdown snapshot is loaded and nothing is rebuilt.
        let second = try AmpereProcess(executable: binary, arguments)
        let log = await second.waitForOutput(containing: "\"msg\":\"catalog ready\"")
        #expect(log.contains("catalog ready"), "\(log.suffix(600))")
        #expect(!log.contains("rebuilt at start"))
        let p2 = try port()
        let health = try decode(HealthAnswer.self, try await call(p2, "GET", "/health"))
        #expect(health.index.loadedFrom == "snapshot", "\(health)")
        #expect(health.products == 3, "\(health)")
        let after = try await call(p2, "POST", "/search", SearchFixture(text: "enamel whistling kettle", k: 3))
        #expect(try decode(SearchAnswer.self, after).hits.first?.id == "kettle-1", "\(after.text)")
        let lampAgain = try await call(p2, "POST", "/search", SearchFixture(text: "green banker lamp", k: 3))
        #expect(try decode(SearchAnswer.self, lampAgain).hits.first?.id == "lamp-2")
        #expect(try await call(p2, "GET", "/products/mug-1").status == 404)
        kill(second.process.processIdentifier, SIGTERM)
        #expect(await second.waitForExit().status == 0)
    }
}
