import Dispatch
import Foundation
@testable import API
import Guard
import HTTPServer
import CoreMetrics
import Logging
import Retrieval
import RetrievalFakes
import Synchronization
import Testing
import TestSupport

/// Issue 14, the rest of #1 and #5: searches are charged rate-limit tokens by the work their vector stage did (a
/// filtered exact scan costs more than a plain walk), and searches run on a lane of their own, off the Swift
/// concurrency pool.
@Suite("Search cost and the work lane")
struct SearchCostAndLaneTests {
    static let json = [("Content-Type", "application/json")]
    static let client = "ip:127.0.0.1"  // InProcessClient's peer

    /// The two paths of the real index, in miniature: unfiltered, a walk over a fixed few keys (cheap); filtered,
    /// an exact scan that asks the predicate about every key (the path a selective filter takes).
    final class ScanIndex: VectorIndexing, Sendable {
        let keys: Int
        init(keys: Int) { self.keys = keys }
        var count: Int { keys }
        func apply(upserts: [(key: Int64, vector: [Float])], removals: [Int64]) {}
        func vector(forKey key: Int64) -> [Float]? { nil }
        func search(_ query: [Float], k: Int, ef: Int?, allow: (@Sendable (Int64) -> Bool)?,
                    candidates: Set<Int64>?) -> [(key: Int64, score: Float)] {
            guard let allow else { return (0..<Int64(min(k, 8))).map { ($0, 1) } }
            var hits: [(key: Int64, score: Float)] = []
            for key in 0..<Int64(keys) where allow(key) && hits.count < k { hits.append((key, 1)) }
            return hits
        }
    }

    /// Holds every search until released (or for at most `holdSeconds`, so a starved pool cannot hang the suite),
    /// counting those inside.
    final class HeldIndex: VectorIndexing, Sendable {
        let release = DispatchSemaphore(value: 0)
        let inside = Atomic<Int>(0)
        let timedOut = Atomic<Bool>(false)
        let entered = AsyncGate()
        let needed: Int
        init(needed: Int) { self.needed = needed }
        var count: Int { 1 }
        func apply(upserts: [(key: Int64, vector: [Float])], removals: [Int64]) {}
        func vector(forKey key: Int64) -> [Float]? { nil }
        func search(_ query: [Float], k: Int, ef: Int?, allow: (@Sendable (Int64) -> Bool)?,
                    candidates: Set<Int64>?) -> [(key: Int64, score: Float)] {
            if inside.add(1, ordering: .relaxed).newValue >= needed { entered.open() }
            if release.wait(timeout: .now() + 10) == .timedOut { timedOut.store(true, ordering: .relaxed) }
            return []
        }
    }

    static func service(_ index: any VectorIndexing) -> SearchService {
        SearchService(store: InMemoryCatalogStore(), encoder: FixedEncoder(dimension: 4), summarizer: nil, index: index,
                      directory: AppearanceDirectory(), logger: Logger(label: "test"))
    }

    static func guardedClient(_ service: SearchService, cost: SearchCost, lane: WorkLane = .shared,
                              limiter: RateLimiter, extra: (inout EndpointTable) -> Void = { _ in }) -> InProcessClient {
        var table = EndpointTable()
        SearchRoutes.register(on: &table, search: { service }, limits: InputLimits(), defaultMode: .vector,
                              bodyLimit: 1 << 20, cost: cost, lane: lane)
        extra(&table)
        let guarded = RequestGuard(keyring: APIKeyring(writeKeys: [], readKeys: []), limiter: limiter,
                                   gate: AdmissionGate(maxInFlight: 0, maxQueued: 0), retryAfterSeconds: 1,
                                   factory: NOOPMetricsHandler.instance)
        return InProcessClient(router: guarded.router(for: table), defaultBodyLimit: 1 << 20)
    }

    static let plain = Array(#"{"vector":[1,0,0,0],"k":5}"#.utf8)
    static let filtered = Array(#"{"vector":[1,0,0,0],"k":5,"filter":{"price":{"gte":10}}}"#.utf8)

    @Test func costRuleIsOneTokenPerStartedPeriodBeyondTheFirst() {
        let cost = SearchCost(millisPerToken: 2)
        #expect(cost.extraTokens(millis: 0) == 0)
        #expect(cost.extraTokens(millis: 2) == 0)
        #expect(cost.extraTokens(millis: 2.1) == 1)
        #expect(cost.extraTokens(millis: 9) == 4)
        #expect(cost.extraTokens(millis: .infinity) == 0)
        #expect(SearchCost(millisPerToken: 0).extraTokens(millis: 1_000) == 0)
    }

    /// Before: only the vector stage was charged, so a long query text whose BM25 terms took 40 ms cost one token.
    @Test func theLexicalAndFuseStagesAreChargedWithTheVectorStage() {
        let cost = SearchCost(millisPerToken: 2)
        var lexicalHeavy = SearchTimings()
        lexicalHeavy.ann = 0.5
        lexicalHeavy.lexical = 40
        lexicalHeavy.fuse = 1.5
        #expect(cost.extraTokens(for: lexicalHeavy) == 20, "42 ms: 21 tokens, one of them paid on the head")
        var encodeHeavy = SearchTimings()
        encodeHeavy.encode = 50
        encodeHeavy.summarize = 900
        encodeHeavy.ann = 1
        #expect(cost.extraTokens(for: encodeHeavy) == 0, "encoding and the LLM are not charged by time")
        var broken = SearchTimings()
        broken.lexical = .nan
        broken.ann = 3
        #expect(cost.extraTokens(for: broken) == 1)
    }

    @Test func aBucketInDebtRefusesUntilTheRefillPaysItOff() {
        let limiter = RateLimiter(ratePerSecond: 10, burst: 50, maxClients: 10)
        #expect(limiter.take("a", now: 0) == nil)
        limiter.charge("a", tokens: 69, now: 0)  // 50 - 1 - 69 = -20
        #expect(limiter.tokens("a", now: 0) == -20)
        #expect(limiter.take("a", now: 0) == 3, "21 tokens short at 10/s: retry in 3 s")
        #expect(limiter.take("a", now: 2_100_000_000) == nil, "paid off after 2.1 s")
        limiter.charge("b", tokens: 1_000, now: 0)
        #expect(limiter.tokens("b", now: 0) == -50, "debt stops at -burst")
        #expect(limiter.take("other", now: 0) == nil)
    }

    /// Before: every search cost one token, whatever its filter made the index do.
    @Test func aFilteredExactScanCostsMoreTokensThanAPlainSearch() async throws {
        let limiter = RateLimiter(ratePerSecond: 0.001, burst: 1_000_000, maxClients: 10)
        // 1 µs a token, so the difference shows in a test-sized index; the default is 2 ms.
        let app = Self.guardedClient(Self.service(ScanIndex(keys: 400_000)), cost: SearchCost(millisPerToken: 0.001),
                                     limiter: limiter)
        let before = limiter.tokens(Self.client, now: DispatchTime.now().uptimeNanoseconds)
        #expect(try await app.request("POST", "/search", headers: Self.json, body: Self.plain).status == 200)
        let afterPlain = limiter.tokens(Self.client, now: DispatchTime.now().uptimeNanoseconds)
        #expect(try await app.request("POST", "/search", headers: Self.json, body: Self.filtered).status == 200)
        let afterFiltered = limiter.tokens(Self.client, now: DispatchTime.now().uptimeNanoseconds)
        let plainCost = before - afterPlain, filteredCost = afterPlain - afterFiltered
        #expect(plainCost >= 0.99)
        #expect(filteredCost >= 100, "an exact scan over 400,000 keys: \(filteredCost) tokens")
        #expect(filteredCost > 4 * plainCost, "plain \(plainCost), filtered \(filteredCost)")
    }

    @Test func theDebtOfAnExpensiveSearchIsAnsweredWith429() async throws {
        let limiter = RateLimiter(ratePerSecond: 0.001, burst: 20, maxClients: 10)
        let app = Self.guardedClient(Self.service(ScanIndex(keys: 400_000)), cost: SearchCost(millisPerToken: 0.001),
                                     limiter: limiter)
        #expect(try await app.request("POST", "/search", headers: Self.json, body: Self.filtered).status == 200)
        let next = try await app.request("POST", "/search", headers: Self.json, body: Self.plain)
        #expect(next.status == 429)
        #expect(next.headers["Retry-After"] != nil)
    }

    /// Before: the search ran in the handler's task on the pool; with as many searches held as the pool has
    /// threads, no other async work (any async route) ran until they let go.
    @Test func otherAsyncWorkRunsWhileTheWorkLaneIsSaturated() async throws {
        let lane = WorkLane(width: 2, name: "test.search")
        let held = max(2, ProcessInfo.processInfo.activeProcessorCount)
        let index = HeldIndex(needed: lane.width)
        let app = Self.guardedClient(Self.service(index), cost: SearchCost(), lane: lane,
                                     limiter: RateLimiter(ratePerSecond: 0, burst: 1, maxClients: 1)) { table in
            table.get("/cheap", access: .read) { _ in HTTPResponse(status: .ok, body: Array("ok".utf8)) }
        }
        let searches = (0..<held).map { _ in
            Task { try await app.request("POST", "/search", headers: Self.json, body: Self.plain).status }
        }
        await index.entered.wait()
        #expect(lane.load.running == lane.width)
        let cheap = try await app.request("GET", "/cheap")
        #expect(cheap.status == 200)
        let waitedOut = index.timedOut.load(ordering: .relaxed)
        #expect(!waitedOut, "the cheap route waited for the held searches")
        for _ in 0..<held { index.release.signal() }
        for search in searches { #expect(try await search.value == 200) }
    }

    /// A summarizer whose summaries hold their thread (as a long extractive summary's CPU work does) until released,
    /// or for at most 10 s so a starved pool cannot hang the suite.
    final class HeldSummarizer: TranscriptSummarizing, Sendable {
        let release = DispatchSemaphore(value: 0)
        let inside = Atomic<Int>(0)
        let timedOut = Atomic<Bool>(false)
        let entered = AsyncGate()
        let needed: Int
        init(needed: Int) { self.needed = needed }
        func summarize(_ transcript: String, maxWords: Int?) async throws -> Summary {
            if inside.add(1, ordering: .relaxed).newValue >= needed { entered.open() }
            if release.wait(timeout: .now() + 10) == .timedOut { timedOut.store(true, ordering: .relaxed) }
            return Summary(text: "brass lamp", source: .extractive, upgradable: false)
        }
        func catalogDidAdd(productText: String) {}
        func catalogDidRemove(productText: String) {}
    }

    /// Before: `/summarize` and `/embed` summarized in the handler's task on the pool; as many long extractive
    /// summaries as the pool has threads stalled every other async route until they finished.
    @Test(arguments: ["/summarize", "/embed"])
    func otherAsyncWorkRunsWhileSummariesHoldTheWorkLane(route: String) async throws {
        let lane = WorkLane(width: 2, name: "test.work")
        let held = max(2, ProcessInfo.processInfo.activeProcessorCount)
        let summarizer = HeldSummarizer(needed: lane.width)
        let app = Self.guardedClient(Self.service(ScanIndex(keys: 1)), cost: SearchCost(),
                                     limiter: RateLimiter(ratePerSecond: 0, burst: 1, maxClients: 1)) { table in
            SummarizeRoutes.register(on: &table, summarizer: { summarizer }, limits: InputLimits(), bodyLimit: 1 << 20,
                                     lane: lane)
            EmbedRoutes.register(on: &table, services: { (FixedEncoder(dimension: 4), summarizer) }, limits: InputLimits(),
                                 bodyLimit: 1 << 20, lane: lane)
            table.get("/cheap", access: .read) { _ in HTTPResponse(status: .ok, body: Array("ok".utf8)) }
        }
        let body = Array(#"{"asr":"this brass lamp is lovely"}"#.utf8)
        let calls = (0..<held).map { _ in
            Task { try await app.request("POST", route, headers: Self.json, body: body).status }
        }
        await summarizer.entered.wait()
        #expect(lane.load.running == lane.width)
        let cheap = try await app.request("GET", "/cheap")
        #expect(cheap.status == 200)
        let waitedOut = summarizer.timedOut.load(ordering: .relaxed)
        #expect(!waitedOut, "the cheap route waited for the held summaries")
        for _ in 0..<held { summarizer.release.signal() }
        for call in calls { #expect(try await call.value == 200) }
    }

    /// A summarizer that finds every client over its LLM quota (as `TranscriptSummarizer` does beyond
    /// `limits.llm_pending_per_client`): it answers the extractive summary and says so on the request's context.
    struct QuotaFullSummarizer: TranscriptSummarizing {
        func summarize(_ transcript: String, maxWords: Int?) async throws -> Summary {
            RequestContext.current?.noteLLMQuotaExceeded()
            return Summary(text: "lamp", source: .extractive, upgradable: true)
        }
        func catalogDidAdd(productText: String) {}
        func catalogDidRemove(productText: String) {}
    }

    @Test func summarizeAnswers429WhileTheClientsLLMQuotaIsFull() async throws {
        let app = Self.guardedClient(Self.service(ScanIndex(keys: 1)), cost: SearchCost(),
                                     limiter: RateLimiter(ratePerSecond: 0, burst: 1, maxClients: 1)) { table in
            SummarizeRoutes.register(on: &table, summarizer: { QuotaFullSummarizer() }, limits: InputLimits(),
                                     bodyLimit: 1 << 20)
        }
        let r = try await app.request("POST", "/summarize", headers: Self.json, body: Array(#"{"asr":"a brass lamp"}"#.utf8))
        #expect(r.status == 429, "\(r.text)")
        #expect(r.errorCode == "too_many_requests")
        #expect(r.headers["Retry-After"] == "1")
    }
}
