import Dispatch
import Foundation
import Retrieval
import Storage
import Summarizer
import TestSupport
import Testing

@Suite struct SQLiteSummaryCacheTests {
    func openCache(_ path: String) throws -> SQLiteSummaryCache {
        let queue = try DatabaseQueue(path: path)
        var migrator = Migrator()
        migrator.register(SQLiteSummaryCache.migrations)
        _ = try queue.sync { db in try migrator.migrate(db) }
        return SQLiteSummaryCache(queue: queue)
    }

    func temporaryPath() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ampere-summary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("cache.sqlite").path
    }

    @Test func storesReplacesAndSurvivesReopen() async throws {
        let path = try temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let key = SummaryCacheKey(model: "m", promptVersion: "v1-match", transcript: "some transcript")
        do {
            let cache = try openCache(path)
            #expect(try await cache.cachedSummary(for: key) == nil)
            try await cache.store(CachedSummary(text: "first", model: "m"), for: key)
            try await cache.store(CachedSummary(text: "second", model: "m"), for: key)
            #expect(try await cache.count() == 1)
        }
        let reopened = try openCache(path)
        #expect(try await reopened.cachedSummary(for: key) == CachedSummary(text: "second", model: "m"))
        let other = SummaryCacheKey(model: "m2", promptVersion: "v1-match", transcript: "some transcript")
        #expect(try await reopened.cachedSummary(for: other) == nil)
    }

    /// Issue 14 #14: a lookup goes to a reader connection, so it answers while the writer is busy (here held
    /// inside an open write transaction until the lookup has answered).
    @Test(.timeLimit(.minutes(1)))
    func aLookupDoesNotWaitForTheWriter() async throws {
        let path = try temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let writer = try DatabaseQueue(path: path, label: "test.writer")
        var migrator = Migrator()
        migrator.register(SQLiteSummaryCache.migrations)
        _ = try writer.sync { db in try migrator.migrate(db) }
        let reader = try DatabaseQueue(path: path, label: "test.reader")
        let cache = SQLiteSummaryCache(queue: writer, readers: [reader])
        let key = SummaryCacheKey(model: "m", promptVersion: "v1-match", transcript: "a lamp")
        try await cache.store(CachedSummary(text: "lamp", model: "m"), for: key)

        let writerBusy = AsyncGate(), lookupDone = DispatchSemaphore(value: 0)
        let busy = Task {
            try await writer.run { db in
                try db.transaction {
                    writerBusy.open()
                    lookupDone.wait()  // the writer's own thread, not the pool
                }
            }
        }
        await writerBusy.wait()
        #expect(try await cache.cachedSummary(for: key) == CachedSummary(text: "lamp", model: "m"))
        lookupDone.signal()
        try await busy.value
    }

    @Test func summarizerHitsTheSQLiteCacheAfterARestart() async throws {
        let path = try temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let server = try StubLLMServer(fallbackReply: StubLLMServer.completion("Acme X100 widget red"))
        defer { server.stop() }
        let config = SummarizerConfig(llm: LLMConfig(baseURL: server.baseURL, model: "stub"))
        // The catalog sells the widget: the LLM's line must hold a catalog term to be used.
        let vocabulary = ProductVocabulary()
        vocabulary.add(ProductText(title: "Acme X100 widget", brand: "Acme", details: ["red", "blue"]))
        let first = TranscriptSummarizer(config: config, vocabulary: vocabulary, cache: try openCache(path),
                                         logger: LogCapture().logger)
        #expect(try await first.summarize("the acme x one hundred widget in red", maxWords: nil).source == .llm)
        let second = TranscriptSummarizer(config: config, vocabulary: vocabulary, cache: try openCache(path),
                                          logger: LogCapture().logger)
        let again = try await second.summarize("the acme x one hundred widget in red", maxWords: nil)
        #expect(again == Summary(text: "Acme X100 widget red", source: .cache, model: "stub"))
        #expect(server.requests.count == 1)
    }
}
