#if canImport(Glibc)
import Glibc
#endif
import App
import Foundation
import Storage
import Testing
import TestSupport

/// Issue 7: dependencies failing under a live server. The LLM refusing connections or hanging must not hold a
/// search past `llm.deadline_s` (the extractive summary answers); the disk filling up or the database turning
/// read-only must fail writes with 503 `storage_unavailable` while reads keep working, and writes work again once
/// the fault clears.
///
/// The storage faults are real SQLite conditions on the writer connection, not mocks: `PRAGMA max_page_count` at
/// the current size makes any growth fail with SQLITE_FULL (what a full disk gives), and `PRAGMA query_only`
/// makes every write fail with SQLITE_READONLY. A real full or read-only filesystem (tmpfs) needs mount rights,
/// which a test must not assume.
@Suite("Dependency faults end to end", .serialized)
struct DependencyFaultE2ETests {
    /// Noisy live-stream speech naming one product.
    static let transcript = "ok guys welcome back so um today we have the the aurora desk lamp right here, "
        + "this aurora desk lamp is dimmable, warm light, and uh it is on sale today guys"

    static func llmSettings(baseURL: String, deadline: Double = 1) -> [String: String] {
        // Without the deadline a hanging LLM would hold each search for timeout x (retries + 1) = 90 s.
        ["llm.base_url": baseURL, "llm.deadline_s": "\(deadline)", "llm.timeout_s": "30", "llm.retries": "2",
         "llm.connect_timeout_s": "30"]
    }

    static func seed(_ app: CatalogHarness) async throws {
        let lamp = CatalogFixtures.product("lamp-1", title: "Aurora desk lamp", description: "Dimmable warm LED desk lamp",
                                           brand: "Aurora", category: "lighting", price: 39)
        let kettle = CatalogFixtures.product("kettle-1", title: "Steel kettle", description: "1.7 litre electric kettle",
                                             brand: "Boil", category: "kitchen", price: 25)
        for product in [lamp, kettle] {
            let r = try await app.post("/products", product)
            #expect(r.status == 201, "\(r.text)")
        }
    }

    /// `/search` with `asr` answers 200 with the extractive summary well before the LLM's own timeouts end.
    static func expectSearchFallsBack(_ app: CatalogHarness) async throws {
        let started = ContinuousClock.now
        let r = try await app.post("/search", ["asr": transcript, "k": 2])
        let elapsed = ContinuousClock.now - started
        #expect(r.status == 200, "\(r.text)")
        let answer = try r.decode(SearchAnswer.self)
        let summary = try #require(answer.summary, "\(r.text)")
        #expect(summary.source == "extractive", "\(r.text)")
        #expect(summary.text.contains("lamp"), "\(r.text)")
        #expect(answer.hits.first?.id == "lamp-1", "\(r.text)")
        // Generous: the deadline is 1 s; without it the answer would take 90 s.
        #expect(elapsed < .seconds(20), "search took \(elapsed)")
    }

    @Test(arguments: TestMode.allCases)
    func llmRefusingConnectionsFallsBackToExtractive(mode: TestMode) async throws {
        let port = try FaultSockets.closedPort()
        let app = try await CatalogHarness.start(mode: mode, settings: Self.llmSettings(baseURL: "http://127.0.0.1:\(port)/v1"))
        defer { app.stop() }
        try await Self.seed(app)
        try await Self.expectSearchFallsBack(app)
    }

    @Test func hangingLLMAnswersSearchAndUpsertWithinTheDeadline() async throws {
        let hanging = try FaultSockets.HangingListener()
        defer { hanging.close() }
        let app = try await CatalogHarness.start(settings: Self.llmSettings(baseURL: "http://127.0.0.1:\(hanging.port)/v1"))
        defer { app.stop() }
        try await Self.seed(app)
        try await Self.expectSearchFallsBack(app)

        // An upsert whose media carries ASR: stored at once with the extractive summary (documented behaviour).
        let started = ContinuousClock.now
        let body = CatalogFixtures.product("lamp-2", title: "Aurora floor lamp",
                                           media: [CatalogFixtures.media("live", asr: Self.transcript + " floor version")])
        let r = try await app.post("/products", body)
        #expect(r.status == 201, "\(r.text)")
        #expect(ContinuousClock.now - started < .seconds(20))
        let live = try r.decode(ProductAnswer.self).appearances.first { $0.domain == "live" }
        #expect(live?.summary?.source == "extractive", "\(r.text)")
        #expect(try await app.get("/products/lamp-2").status == 200)
        #expect(try await app.get("/health").status == 200)
    }

    @Test(.timeLimit(.minutes(1)))
    func slowLLMResultStillFillsTheCacheAfterTheDeadline() async throws {
        let stub = try StubLLMServer(fallbackReply: StubLLMServer.completion("Aurora dimmable desk lamp", delay: 1.5))
        defer { stub.stop() }
        let app = try await CatalogHarness.start(settings: Self.llmSettings(baseURL: stub.baseURL, deadline: 0.2))
        defer { app.stop() }
        // The summary cache shares the writer connection: its commits are the events to re-ask on.
        let writer = try Self.writer(app)
        let commits = WriterCommits(writer)
        defer { commits.remove() }
        let first = try await app.post("/summarize", ["asr": Self.transcript])
        #expect(first.status == 200, "\(first.text)")
        #expect(try first.decode(SummarizeAnswer.self).source == "extractive", "\(first.text)")
        // The LLM call ran on past the deadline and stored its line: the same transcript now comes from the cache.
        var again: SummarizeAnswer?
        for await _ in commits.events {
            // The hook fires inside the commit; once the writer's queue has moved on, the commit is done and the
            // reader connection the cache lookups use sees it.
            _ = try await writer.run { _ in 0 }
            again = try await app.post("/summarize", ["asr": Self.transcript]).decode(SummarizeAnswer.self)
            if again?.source == "cache" { break }
        }
        #expect(again?.source == "cache")
        #expect(again?.summary == "Aurora dimmable desk lamp")
        // Requests for the same transcript shared the one LLM call in flight instead of each starting another.
        #expect(stub.requests.count == 1, "LLM calls: \(stub.requests.count)")
    }

    static func writer(_ app: CatalogHarness) throws -> DatabaseQueue {
        guard let stack = app.tester.app.retrieval.stack else { throw FaultTestError("stack not loaded") }
        return stack.store.writerQueue
    }

    static func expectReadsWork(_ app: CatalogHarness) async throws {
        let lamp = try await app.get("/products/lamp-1")
        #expect(lamp.status == 200, "\(lamp.text)")
        #expect(try lamp.decode(ProductAnswer.self).title == "Aurora desk lamp")
        #expect(try await app.search(["text": "aurora desk lamp", "k": 2]).first?.id == "lamp-1")
        #expect(try await app.get("/products?limit=10").status == 200)
        #expect(try await app.get("/health").status == 200)
        #expect(try await app.healthProducts() == 2)
    }

    /// `/health` stays 200 (reads work) and names the write failure while it lasts.
    static func expectHealthStorage(_ app: CatalogHarness, writable: Bool) async throws {
        let health = try await app.get("/health")
        #expect(health.status == 200, "\(health.text)")
        let storage = try health.decode(HealthAnswer.self).storage
        if writable {
            #expect(storage == nil, "\(health.text)")
        } else {
            #expect(storage?.writable == false, "\(health.text)")
            #expect(storage?.lastError?.isEmpty == false, "\(health.text)")
        }
    }

    static func expectUnavailable(_ r: CatalogResponse, _ what: String) {
        #expect(r.status == 503, "\(what): \(r.text)")
        #expect(r.errorCode == "storage_unavailable", "\(what): \(r.text)")
    }

    @Test(arguments: TestMode.allCases)
    func fullDiskFailsWritesWith503AndKeepsReads(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        try await Self.seed(app)
        let writer = try Self.writer(app)
        try writer.sync { db in
            let pages = try db.cached("PRAGMA page_count").first { $0.int(0) } ?? 0
            try db.execute("PRAGMA max_page_count = \(pages)")
        }
        // Several pages of new text (plus its FTS postings) cannot fit in a database that may not grow.
        let big = CatalogFixtures.product("big-1", title: "Aurora archive shelf",
                                          description: (0..<1500).map { "word\($0)" }.joined(separator: " "))
        Self.expectUnavailable(try await app.post("/products", big), "upsert")
        let batch = try await app.post("/products/batch", ["products": [big]])
        #expect(batch.status == 200 || batch.status == 503, "\(batch.text)")
        if batch.status == 200 {
            let item = try batch.decode(BatchAnswer.self).results.first
            #expect(item?.error?.code == "storage_unavailable", "\(batch.text)")
        } else {
            Self.expectUnavailable(batch, "batch")
        }
        #expect(try await app.get("/products/big-1").status == 404)
        try await Self.expectReadsWork(app)
        try await Self.expectHealthStorage(app, writable: false)

        try writer.sync { db in try db.execute("PRAGMA max_page_count = 1073741823") }
        #expect(try await app.post("/products", big).status == 201)
        try await Self.expectHealthStorage(app, writable: true)
        #expect(try await app.search(["text": "aurora archive shelf word77", "k": 1]).first?.id == "big-1")
    }

    @Test(arguments: TestMode.allCases)
    func readOnlyDatabaseFailsWritesWith503AndKeepsReads(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        try await Self.seed(app)
        let writer = try Self.writer(app)
        try writer.sync { db in try db.execute("PRAGMA query_only = 1") }
        let update = CatalogFixtures.product("lamp-1", title: "Renamed lamp")
        Self.expectUnavailable(try await app.post("/products", update), "update")
        Self.expectUnavailable(try await app.post("/products", CatalogFixtures.product("new-1", title: "New")), "insert")
        Self.expectUnavailable(try await app.delete("/products/kettle-1"), "delete")
        try await Self.expectReadsWork(app)
        #expect(try await app.get("/products/kettle-1").status == 200)
        try await Self.expectHealthStorage(app, writable: false)

        try writer.sync { db in try db.execute("PRAGMA query_only = 0") }
        #expect(try await app.post("/products", update).status == 200)
        try await Self.expectHealthStorage(app, writable: true)
        #expect(try await app.get("/products/lamp-1").decode(ProductAnswer.self).title == "Renamed lamp")
        #expect(try await app.delete("/products/kettle-1").status == 204)
    }
}

/// Sockets that stand in for a broken LLM server.
enum FaultSockets {
    /// A port nothing listens on (bound, then closed), so connecting is refused.
    static func closedPort() throws -> Int {
        let listener = try HangingListener()
        let port = listener.port
        listener.close()
        return port
    }

    /// A socket that listens but never accepts: the kernel completes the handshake, takes the request bytes, and
    /// no answer ever comes (an LLM server that hangs).
    final class HangingListener: @unchecked Sendable {
        let fd: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw FaultTestError("socket failed: errno \(errno)") }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
            }
            guard bound == 0, listen(fd, 64) == 0 else {
                _ = Glibc.close(fd)
                throw FaultTestError("bind/listen failed: errno \(errno)")
            }
            _ = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            self.fd = fd
            port = Int(UInt16(bigEndian: addr.sin_port))
        }

        func close() { _ = Glibc.close(fd) }
    }
}

/// A failed precondition of these tests.
struct FaultTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
