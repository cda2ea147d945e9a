import Foundation
import Retrieval
import Storage
import Testing
import TestSupport

/// The summary cache cannot grow without bound: past `maxEntries` the oldest stores are deleted.
@Suite("Summary cache bound")
struct SummaryCacheBoundTests {
    @Test func theCacheKeepsAtMostItsBoundAndDropsTheOldestFirst() async throws {
        let dir = try TemporaryDirectory()
        let queue = try DatabaseQueue(path: dir.file("cache.sqlite"))
        var migrator = Migrator()
        migrator.register(SQLiteSummaryCache.migrations)
        _ = try queue.sync { db in try migrator.migrate(db) }
        let cache = SQLiteSummaryCache(queue: queue, maxEntries: 32)  // evicts every 2 stores
        func key(_ i: Int) -> SummaryCacheKey { SummaryCacheKey(model: "m", promptVersion: "v", transcript: "t\(i)") }
        for i in 0..<500 {
            try await cache.store(CachedSummary(text: "s\(i)", model: "m"), for: key(i))
            #expect(try await cache.count() <= 32 + 2)
        }
        #expect(try await cache.count() <= 32)
        #expect(try await cache.cachedSummary(for: key(499)) == CachedSummary(text: "s499", model: "m"))
        #expect(try await cache.cachedSummary(for: key(0)) == nil)
    }
}
