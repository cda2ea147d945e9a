import App
import Dispatch
import Foundation
import Retrieval
import Storage
import Synchronization
import Testing
import TestSupport

/// Issue 17, summary upgrades: an appearance stored with the extractive summary while the LLM was down is
/// upgraded in the background once it answers (summary, vector, FTS row), also after a restart; a rejected line
/// leaves the extractive summary; a replace while an upgrade is in flight keeps the new product. Real SQLite files,
/// a real stub LLM server on loopback; every wait is on an event (the upgrader's recorded steps, a request reaching
/// the stub), never on the clock.
@Suite("Summary upgrades end to end", .serialized)
struct SummaryUpgradeE2ETests {
    /// Noisy live-stream speech naming the lamp.
    static let transcript = "ok guys welcome back so um today we have the the aurora desk lamp right here, "
        + "this aurora desk lamp is dimmable, warm light, and uh it is on sale today guys"
    /// What a good model answers for it (grounded: every word heard, catalog terms included).
    static let goodLine = "Aurora dimmable desk lamp with warm light on sale"

    static func settings(_ llm: SwitchableLLM, dataDir: String? = nil) -> [String: String] {
        var s = ["llm.base_url": llm.server.baseURL, "llm.deadline_s": "10", "llm.retries": "0", "llm.timeout_s": "30",
                 "llm.breaker_threshold": "3", "llm.breaker_cooldown_s": "0.1", "summarizer.upgrade_per_s": "50",
                 "summarizer.upgrade_max_attempts": "1000"]
        if let dataDir { s["data.dir"] = dataDir }
        return s
    }

    static func seed(_ app: CatalogHarness) async throws {
        let lamp = CatalogFixtures.product("lamp-1", title: "Aurora desk lamp", description: "Dimmable warm LED desk lamp",
                                           brand: "Aurora", category: "lighting", price: 39)
        #expect(try await app.post("/products", lamp).status == 201)
    }

    /// Stores `lamp-live` with a live appearance; returns that appearance as answered.
    static func upsertLive(_ app: CatalogHarness, title: String = "Aurora desk lamp live",
                           asr: String = transcript) async throws -> ProductAnswer.Appearance {
        let body = CatalogFixtures.product("lamp-live", title: title, brand: "Aurora",
                                           media: [CatalogFixtures.media("live", asr: asr)])
        let r = try await app.post("/products", body)
        #expect(r.status == 200 || r.status == 201, "\(r.text)")
        return try #require(try r.decode(ProductAnswer.self).appearances.first { $0.domain == "live" })
    }

    static func stack(_ app: CatalogHarness) throws -> RetrievalStack {
        try #require(app.tester.app.retrieval.stack)
    }

    /// What the store holds for appearance `key`: the stored vector, the graph's vector and the FTS body.
    static func stored(_ app: CatalogHarness, key: Int64) async throws -> (vector: [Float]?, graph: [Float]?, fts: String?) {
        let stack = try stack(app)
        let (vector, fts) = try await stack.store.writerQueue.run { db in
            (try db.cached("SELECT vector FROM index_vectors WHERE key = ?").first([key]) { row in
                row.isNull(0) ? nil : row.withBlob(0, VectorBlob.decode)
            } ?? nil,
             try db.cached("SELECT body FROM appearance_fts WHERE rowid = ?").first([key]) { $0.string(0) })
        }
        return (vector, stack.graph.vector(forKey: key), fts)
    }

    static func pending(_ app: CatalogHarness) async throws -> Int {
        try await stack(app).store.pendingSummaryUpgradeCount()
    }

    static func live(_ app: CatalogHarness) async throws -> ProductAnswer.Appearance {
        let r = try await app.get("/products/lamp-live")
        #expect(r.status == 200, "\(r.text)")
        return try #require(try r.decode(ProductAnswer.self).appearances.first { $0.domain == "live" })
    }

    /// Checks that the live appearance now holds the LLM line everywhere it is stored.
    static func expectUpgraded(_ app: CatalogHarness, from before: ProductAnswer.Appearance,
                               old: (vector: [Float]?, graph: [Float]?, fts: String?)) async throws {
        let after = try await live(app)
        #expect(after.key == before.key)
        #expect(after.summary?.source == "llm")
        #expect(after.summary?.text == goodLine)
        #expect(after.text == goodLine)
        let now = try await stored(app, key: before.key)
        #expect(now.vector != nil && now.vector != old.vector, "the stored vector was re-encoded")
        #expect(now.graph == now.vector, "the graph holds the new vector")
        #expect(now.fts == LexicalAnalyzer.indexText(goodLine))
        #expect(now.fts != old.fts)
        #expect(try await pending(app) == 0)
    }

    @Test(.timeLimit(.minutes(2)))
    func downDuringUpsertUpgradedOnceTheLLMAnswers() async throws {
        let llm = try SwitchableLLM()
        defer { llm.server.stop() }
        let app = try await CatalogHarness.start(settings: Self.settings(llm))
        defer { app.stop() }
        try await Self.seed(app)
        let before = try await Self.upsertLive(app)
        #expect(before.summary?.source == "extractive")
        #expect(before.summary?.text != Self.goodLine)
        #expect(try await Self.pending(app) == 1)
        let old = try await Self.stored(app, key: before.key)
        #expect(old.vector != nil && old.graph == old.vector)

        llm.set(.up(Self.goodLine))
        let status = app.tester.app.retrieval.upgrades
        await status.waitUntil { $0.done >= 1 }
        try await Self.expectUpgraded(app, from: before, old: old)

        let health = try await app.get("/health")
        let section = try health.decode(HealthAnswer.self).summaryUpgrades
        #expect(section?.done == 1, "\(health.text)")
        #expect(section?.pending == 0, "\(health.text)")
        #expect(section?.rejected == 0, "\(health.text)")
        let metrics = try await app.get("/metrics").text
        #expect(metrics.contains("ampere_summary_upgrades_done_total 1"), "\(metrics)")
        #expect(metrics.contains("ampere_summary_upgrades_pending 0"), "\(metrics)")
        #expect(metrics.contains("ampere_summary_upgrades_failed_total"))
        #expect(metrics.contains("ampere_summary_upgrades_rejected_total 0"))
    }

    @Test(.timeLimit(.minutes(2)))
    func pendingUpgradeSurvivesARestart() async throws {
        let data = try TemporaryDirectory()
        // The first server's LLM never comes back (so nothing of it can race the second server's upgrade).
        let down = try SwitchableLLM()
        defer { down.server.stop() }
        let first = try await CatalogHarness.start(settings: Self.settings(down, dataDir: data.path))
        try await Self.seed(first)
        let before = try await Self.upsertLive(first)
        #expect(before.summary?.source == "extractive")
        #expect(try await Self.pending(first) == 1)
        let old = try await Self.stored(first, key: before.key)
        await first.shutdown()

        let llm = try SwitchableLLM(.up(Self.goodLine))
        defer { llm.server.stop() }
        let second = try await CatalogHarness.start(settings: Self.settings(llm, dataDir: data.path))
        defer { second.stop() }
        await second.tester.app.retrieval.upgrades.waitUntil { $0.done >= 1 }
        try await Self.expectUpgraded(second, from: before, old: old)
    }

    @Test(.timeLimit(.minutes(2)))
    func rejectedLineKeepsTheExtractiveSummaryAndIsNotRetried() async throws {
        let llm = try SwitchableLLM()
        defer { llm.server.stop() }
        let app = try await CatalogHarness.start(settings: Self.settings(llm))
        defer { app.stop() }
        try await Self.seed(app)
        let before = try await Self.upsertLive(app)
        #expect(before.summary?.source == "extractive")
        let old = try await Self.stored(app, key: before.key)

        // An echo of the prompt's delimiters: scaffolding.
        llm.set(.up("<<< ok guys welcome back so um today we have the aurora desk lamp >>>"))
        let status = app.tester.app.retrieval.upgrades
        await status.waitUntil { $0.rejected >= 1 }
        let calls = llm.server.requests.count
        // A few more looks at the (now empty) queue: no further LLM call for the rejected appearance.
        let steps = status.current.steps
        await status.waitUntil { $0.steps >= steps + 3 }
        #expect(llm.server.requests.count == calls)
        #expect(try await Self.pending(app) == 0)
        let after = try await Self.live(app)
        #expect(after == before, "the extractive summary stays")
        let now = try await Self.stored(app, key: before.key)
        #expect(now.vector == old.vector && now.fts == old.fts)
        #expect(status.current.done == 0)
        #expect(try await app.get("/metrics").text.contains("ampere_summary_upgrades_rejected_total 1"))
    }

    /// The pending count is not only taken between steps: a write that queues an upgrade while a step waits on the
    /// LLM (here held at the stub) raises `/health`'s `pending` and the `/metrics` gauge at once. (Before, both
    /// kept the count of the last step, 0 through a whole import queued behind one slow call.)
    @Test(.timeLimit(.minutes(2)))
    func writesQueuedDuringAStepCountAsPendingAtOnce() async throws {
        let llm = try SwitchableLLM()
        defer { llm.release(); llm.server.stop() }
        var settings = Self.settings(llm)
        settings["llm.max_concurrent"] = "1"  // the held upgrade call takes the only slot: the next upsert defers
        settings["llm.deadline_s"] = "0.5"
        let app = try await CatalogHarness.start(settings: settings)
        defer { app.stop() }
        try await Self.seed(app)
        #expect(try await Self.upsertLive(app).summary?.source == "extractive")
        let status = app.tester.app.retrieval.upgrades
        llm.set(.holdThenUp(marker: "aurora desk lamp right here", line: Self.goodLine, others: "Aurora floor lamp warm light"))
        await llm.waitForHeldRequest()
        #expect(status.current.pending == 1)
        let steps = status.current.steps

        let floor = CatalogFixtures.product("lamp-floor", title: "Aurora floor lamp", brand: "Aurora", media: [
            CatalogFixtures.media("live", asr: "right so this one is the aurora floor lamp, tall, warm light")])
        let r = try await app.post("/products", floor)
        #expect(r.status == 201, "\(r.text)")
        let live = try #require(try r.decode(ProductAnswer.self).appearances.first { $0.domain == "live" })
        #expect(live.summary?.source == "extractive")
        #expect(try await Self.pending(app) == 2)
        #expect(status.current.steps == steps, "no step finished meanwhile: the count came from the write")
        #expect(status.current.pending == 2)
        let health = try await app.get("/health")
        #expect(try health.decode(HealthAnswer.self).summaryUpgrades?.pending == 2, "\(health.text)")
        let metrics = try await app.get("/metrics").text
        #expect(metrics.contains("ampere_summary_upgrades_pending 2"), "\(metrics)")

        llm.release()
        await status.waitUntil { $0.pending == 0 && $0.done >= 1 && $0.done + $0.rejected >= 2 }
        #expect(try await Self.pending(app) == 0)
        #expect(try await Self.live(app).summary?.source == "llm")
    }

    /// `ampere_llm_latency_seconds` has buckets past the default 10 s (an LLM call on a small CPU takes longer),
    /// so its p50/p99 can be read off `/metrics`.
    @Test(.timeLimit(.minutes(2)))
    func llmLatencyBucketsReachPastTenSeconds() async throws {
        let llm = try SwitchableLLM(.up(Self.goodLine))
        defer { llm.server.stop() }
        let app = try await CatalogHarness.start(settings: Self.settings(llm))
        defer { app.stop() }
        try await Self.seed(app)
        #expect(try await Self.upsertLive(app).summary?.source == "llm")
        let metrics = try await app.get("/metrics").text
        for bound in ["20", "60", "120"] {
            #expect(metrics.contains("ampere_llm_latency_seconds_bucket{le=\"\(bound)\"} 1"), "\(metrics)")
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func replaceDuringAnUpgradeKeepsTheNewProduct() async throws {
        let llm = try SwitchableLLM()
        defer { llm.release(); llm.server.stop() }
        let app = try await CatalogHarness.start(settings: Self.settings(llm))
        defer { app.stop() }
        try await Self.seed(app)
        let old = try await Self.upsertLive(app)
        #expect(old.summary?.source == "extractive")

        // The upgrade's LLM call for the old transcript is held at the stub; a replace lands meanwhile.
        llm.set(.holdThenUp(marker: "aurora desk lamp right here", line: Self.goodLine, others: "Aurora floor lamp warm light"))
        await llm.waitForHeldRequest()
        let replacement = try await Self.upsertLive(app, title: "Aurora floor lamp live",
                                                    asr: "right so this one is the aurora floor lamp, tall, warm light")
        #expect(replacement.key != old.key)
        let status = app.tester.app.retrieval.upgrades
        llm.release()
        // The replacement may itself have queued an upgrade (the breaker was half-open with the held call as its
        // probe): wait until that one is through too.
        await status.waitUntil { $0.stale >= 1 && $0.pending == 0 }

        let r = try await app.get("/products/lamp-live")
        let product = try r.decode(ProductAnswer.self)
        #expect(product.title == "Aurora floor lamp live")
        let live = try #require(product.appearances.first { $0.domain == "live" })
        #expect(live.key == replacement.key)
        #expect(live.summary?.text != Self.goodLine, "the old transcript's line never reached the new product")
        let gone = try await Self.stored(app, key: old.key)
        #expect(gone.vector == nil && gone.graph == nil && gone.fts == nil, "the old appearance was not resurrected")
        #expect(try await Self.pending(app) == 0)
    }
}

/// A stub LLM the test switches: down (503), up (one fixed line), or holding the request whose prompt contains a
/// marker until `release()` (every other request answered with the line).
final class SwitchableLLM: Sendable {
    enum Mode: Sendable {
        case down
        case up(String)
        case holdThenUp(marker: String, line: String, others: String)
    }

    /// The mode behind a lock, shared with the stub's handler.
    private final class ModeBox: Sendable {
        let mode: Mutex<Mode>
        init(_ mode: Mode) { self.mode = Mutex(mode) }
    }

    let server: StubLLMServer
    private let box: ModeBox
    private let gate = DispatchSemaphore(value: 0)
    private let held: AsyncStream<Void>
    private let heldContinuation: AsyncStream<Void>.Continuation

    init(_ initial: Mode = .down) throws {
        let box = ModeBox(initial)
        let gate = self.gate
        let (held, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.box = box
        self.held = held
        heldContinuation = continuation
        server = try StubLLMServer { request in
            switch box.mode.withLock({ $0 }) {
            case .down: return StubLLMServer.error(503)
            case .up(let line): return StubLLMServer.completion(line)
            case .holdThenUp(let marker, let line, let others):
                let prompt = StubLLMServer.messages(of: request)?["user"] ?? ""
                guard prompt.contains(marker) else { return StubLLMServer.completion(others) }
                continuation.yield()
                gate.wait()
                return StubLLMServer.completion(line)
            }
        }
    }

    func set(_ next: Mode) { box.mode.withLock { $0 = next } }

    /// Returns once a request is being held.
    func waitForHeldRequest() async { for await _ in held { return } }

    /// Lets the held request (if any) answer.
    func release() { gate.signal() }
}
