import Foundation
import Retrieval
import Testing
import VectorMath
@testable import Storage

/// The lexical index's snapshot file (`LexicalSnapshot`): a restart maps it back instead of analysing every FTS
/// row, replays the changes logged since, and falls back to the FTS rows whenever the file cannot be trusted.
@Suite("Lexical index snapshot")
struct LexicalSnapshotTests {
    typealias M = MemoryLexicalIndexTests

    /// A store with 600 products, a third replaced and some deleted (tombstones in the lists), its index loaded.
    static func catalog() async throws -> (SQLiteCatalogStore, URL, [LexicalQuery], SplitMix64) {
        let (store, dir) = try LexicalPruningTests.store()
        let vocab = M.vocabulary()
        var rng = SplitMix64(seed: 77)
        let items = (0..<600).map { M.draft($0, &rng, vocab) }
        _ = try await store.upsertBatch(items, spaceID: "t") { _ in }
        try await store.refreshTermFrequencies()
        for i in stride(from: 0, to: 600, by: 3) {
            let (d, a) = M.draft(i, &rng, vocab)
            _ = try await store.upsert(d, appearances: a, spaceID: "t") { _ in }
        }
        for i in stride(from: 1, to: 600, by: 5) { _ = try await store.delete(id: "p\(i)") { _ in } }
        try await store.refreshTermFrequencies()
        return (store, dir, M.queries(&rng, vocab, count: 30), rng)
    }

    static func reopen(_ dir: URL) throws -> SQLiteCatalogStore {
        try SQLiteCatalogStore(path: dir.appendingPathComponent("ampere.sqlite").path, termFrequencyReload: .seconds(1))
    }

    /// Every query under every filter gives the same scores from both stores (to the last bits: summation order),
    /// and the same keys wherever scores are not tied.
    static func sameAnswers(_ a: SQLiteCatalogStore, _ b: SQLiteCatalogStore, _ queries: [LexicalQuery]) async throws -> Bool {
        for query in queries {
            for filter in M.filters {
                let x = try #require(try await a.memoryLexicalSearch(query, maxTerms: 32, maxDocumentFrequency: nil,
                                                                     filter: filter, limit: 20, weights: LexicalWeights()))
                let y = try #require(try await b.memoryLexicalSearch(query, maxTerms: 32, maxDocumentFrequency: nil,
                                                                     filter: filter, limit: 20, weights: LexicalWeights()))
                guard M.sameRanking(x, y) else {
                    Issue.record("\(query.terms.map(\.text)) \(filter): \(x.prefix(5)) against \(y.prefix(5))")
                    return false
                }
            }
        }
        return true
    }

    static func lexicalFiles(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("lexical-") }.sorted()
    }

    @Test func aRestartLoadsTheSnapshotAndAnswersExactlyAsBefore() async throws {
        let (store, dir, queries, _) = try await Self.catalog()
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = try #require(try await store.saveLexicalSnapshot())
        #expect(try Self.lexicalFiles(dir) == [written.file])
        // Nothing changed since: a second save writes nothing.
        #expect(try await store.saveLexicalSnapshot() == nil)

        let reopened = try Self.reopen(dir)
        try await reopened.refreshTermFrequencies()
        let stats = try #require(reopened.lexicalIndexStats)
        #expect(stats.source == "snapshot" && stats.snapshotRejected == nil)
        let before = try #require(store.lexicalIndexStats)
        #expect(stats.documents == before.documents && stats.terms == before.terms && stats.postings == before.postings)
        #expect(try await Self.sameAnswers(store, reopened, queries))
        #expect(try await M.compare(reopened, queries, k: 20, cap: nil) >= 0.99)
    }

    @Test func writesAfterTheSnapshotAreReplayedFromTheLog() async throws {
        let (store, dir, queries, rng0) = try await Self.catalog()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try #require(try await store.saveLexicalSnapshot())
        var rng = rng0
        let vocab = M.vocabulary()
        for i in stride(from: 2, to: 600, by: 7) {
            let (d, a) = M.draft(i, &rng, vocab)
            _ = try await store.upsert(d, appearances: a, spaceID: "t") { _ in }
        }
        for i in 600..<650 {
            let (d, a) = M.draft(i, &rng, vocab)
            _ = try await store.upsert(d, appearances: a, spaceID: "t") { _ in }
        }
        for i in stride(from: 4, to: 600, by: 11) { _ = try await store.delete(id: "p\(i)") { _ in } }
        // (No refresh here: the log keeps every change since the snapshot, as after a crash that left it behind.)
        let reopened = try Self.reopen(dir)
        try await reopened.refreshTermFrequencies()
        let stats = try #require(reopened.lexicalIndexStats)
        #expect(stats.source == "snapshot", "\(stats)")
        try await store.refreshTermFrequencies()
        #expect(stats.documents == store.lexicalIndexStats?.documents)
        #expect(try await Self.sameAnswers(store, reopened, queries))
        #expect(try await M.compare(reopened, queries, k: 20, cap: nil) >= 0.99)
        // A newer snapshot replaces the file.
        let second = try #require(try await reopened.saveLexicalSnapshot())
        #expect(second.applied > first.applied)
        #expect(try Self.lexicalFiles(dir) == [second.file])
    }

    @Test func aLogPrunedPastTheSnapshotLoadsFromTheFTSRows() async throws {
        let (store, dir, queries, rng0) = try await Self.catalog()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try #require(try await store.saveLexicalSnapshot())
        var rng = rng0
        let (d, a) = M.draft(3, &rng, M.vocabulary())
        _ = try await store.upsert(d, appearances: a, spaceID: "t") { _ in }
        try await store.refreshTermFrequencies()  // applies and prunes the change: the file misses it for good
        let reopened = try Self.reopen(dir)
        try await reopened.refreshTermFrequencies()
        let stats = try #require(reopened.lexicalIndexStats)
        #expect(stats.source == "fts")
        #expect(stats.snapshotRejected?.contains("pruned") == true, "\(stats)")
        #expect(try await Self.sameAnswers(store, reopened, queries))
    }

    @Test func tooManyChangesSinceTheFileLoadFromTheFTSRows() async throws {
        let (store, dir, queries, rng0) = try await Self.catalog()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try #require(try await store.saveLexicalSnapshot())
        var rng = rng0
        for i in 0..<6 {
            let (d, a) = M.draft(i, &rng, M.vocabulary())
            _ = try await store.upsert(d, appearances: a, spaceID: "t") { _ in }
        }
        let reopened = try Self.reopen(dir)
        try #require(reopened.memoryLexical).maxReplay = 5
        try await reopened.refreshTermFrequencies()
        let stats = try #require(reopened.lexicalIndexStats)
        #expect(stats.source == "fts")
        #expect(stats.snapshotRejected?.contains("more than the 5") == true, "\(stats)")
        #expect(try await M.compare(reopened, queries, k: 20, cap: nil) >= 0.99)
    }

    @Test func aDamagedOrMissingFileLoadsFromTheFTSRows() async throws {
        let (store, dir, queries, _) = try await Self.catalog()
        defer { try? FileManager.default.removeItem(at: dir) }
        let written = try #require(try await store.saveLexicalSnapshot())
        let path = dir.appendingPathComponent(written.file).path
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let damaged = try Self.reopen(dir)
        try await damaged.refreshTermFrequencies()
        #expect(damaged.lexicalIndexStats?.source == "fts")
        #expect(damaged.lexicalIndexStats?.snapshotRejected?.contains("checksum") == true, "\(String(describing: damaged.lexicalIndexStats))")
        #expect(try await Self.sameAnswers(store, damaged, queries))

        try FileManager.default.removeItem(atPath: path)
        let missing = try Self.reopen(dir)
        try await missing.refreshTermFrequencies()
        #expect(missing.lexicalIndexStats?.snapshotRejected?.contains("missing") == true)
        #expect(try await Self.sameAnswers(store, missing, queries))
    }

    @Test func everyTruncationIsRefused() throws {
        let index = InvertedIndex()
        var rng = SplitMix64(seed: 5)
        let vocab = M.vocabulary()
        for key in 1...300 {
            index.add(UInt32(key), LexicalDocument(title: (0..<4).map { _ in M.word(&rng, vocab) }.joined(separator: " "),
                                                   brand: "", body: "", domainBit: 1, brandKey: key % 2 == 0 ? "b" : nil,
                                                   categoryKey: "c", price: Double(key)))
        }
        var file: [UInt8] = []
        let (bytes, _) = try index.encode(applied: 42) { file.append(contentsOf: $0) }
        #expect(bytes == file.count)
        let (decoded, applied) = try file.withUnsafeBytes { try InvertedIndex.decode($0) }
        #expect(applied == 42 && decoded.documentCount == 300 && decoded.brandID("b") == index.brandID("b"))
        var again: [UInt8] = []
        _ = try decoded.encode(applied: 42) { again.append(contentsOf: $0) }
        #expect(again == file)  // the decoded index is the same index, byte for byte
        for cut in stride(from: 0, to: file.count, by: max(1, file.count / 50)) {
            #expect(throws: LexicalSnapshotError.self) { _ = try file[..<cut].withUnsafeBytes { try InvertedIndex.decode($0) } }
        }
    }
}
