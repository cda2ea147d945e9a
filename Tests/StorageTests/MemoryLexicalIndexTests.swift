import Foundation
import Retrieval
import Testing
import VectorMath
@testable import Storage

/// The in-memory lexical index (`MemoryLexicalIndex`) must give FTS5's BM25 (`ampere_bm25` over every match): the
/// same top k with the same scores, with MaxScore's pruning on, under filters, and after replaces and deletes.
@Suite("In-memory BM25 with top-k pruning")
struct MemoryLexicalIndexTests {
    static let brands = ["Lumo", "Nordhus", "Kavo", "Tessa", "Orbit"]
    static let categories = ["kitchen", "audio", "office", "garden"]

    /// Words with Zipf-like frequencies: a few in most documents, most in a handful.
    static func vocabulary() -> [String] { (0..<400).map { "w\($0)x" } }

    static func word(_ rng: inout SplitMix64, _ vocab: [String]) -> String {
        let u = Double(rng.next() % 1_000_000) / 1_000_000
        return vocab[min(vocab.count - 1, Int(pow(Double(vocab.count), u * u)))]
    }

    static func draft(_ i: Int, _ rng: inout SplitMix64, _ vocab: [String]) -> (ProductDraft, [EncodedAppearance]) {
        func words(_ n: Int) -> String { (0..<n).map { _ in word(&rng, vocab) }.joined(separator: " ") }
        let draft = ProductDraft(id: "p\(i)", title: words(2 + Int(rng.next() % 6)),
                                 description: words(Int(rng.next() % 40)),
                                 brand: rng.next() % 7 == 0 ? nil : brands[Int(rng.next() % UInt64(brands.count))],
                                 category: categories[Int(rng.next() % UInt64(categories.count))],
                                 price: rng.next() % 5 == 0 ? nil : Double(rng.next() % 500))
        let embedding = Embedding(fused: [1, 0], text: [1, 0], visual: nil)
        var appearances = [EncodedAppearance(domain: .page, text: draft.pageText, summary: nil, imageCount: 0, embedding: embedding)]
        if i % 4 == 0 {
            appearances.append(EncodedAppearance(domain: i % 8 == 0 ? .video : .live, text: words(5 + Int(rng.next() % 30)),
                                                 summary: nil, imageCount: 0, embedding: embedding))
        }
        return (draft, appearances)
    }

    static func queries(_ rng: inout SplitMix64, _ vocab: [String], count: Int) -> [LexicalQuery] {
        (0..<count).compactMap { q in
            let n = q % 5 == 0 ? 20 + Int(rng.next() % 30) : 1 + Int(rng.next() % 8)
            return LexicalQuery(text: (0..<n).map { _ in word(&rng, vocab) }.joined(separator: " "), maxRepeat: 3)
        }
    }

    static let filters: [SearchFilter] = [
        SearchFilter(), SearchFilter(brand: "lumo"), SearchFilter(category: "Audio", priceMax: 200),
        SearchFilter(domains: [.video, .live]), SearchFilter(brand: "Kavo", priceMin: 100),
    ]

    /// Compares the in-memory results with FTS5's for every query and filter: the score at every rank equal (ties
    /// may order their keys differently), the key sets overlapping, and pruned equal to exhaustive exactly.
    /// Returns the mean overlap@k against FTS5.
    static func compare(_ store: SQLiteCatalogStore, _ queries: [LexicalQuery], k: Int, cap: Int?) async throws -> Double {
        var overlap = 0.0, n = 0
        let weights = LexicalWeights()
        for query in queries {
            for filter in filters {
                let pruned = try #require(try await store.memoryLexicalSearch(
                    query, maxTerms: 32, maxDocumentFrequency: cap, filter: filter, limit: k, weights: weights))
                let exhaustive = try #require(try await store.memoryLexicalSearch(
                    query, maxTerms: 32, maxDocumentFrequency: cap, filter: filter, limit: k, weights: weights,
                    exhaustive: true))
                let fts = try await store.ftsLexicalSearch(query, maxTerms: 32, maxDocumentFrequency: cap, filter: filter,
                                                           limit: k, weights: weights)
                #expect(sameRanking(pruned, exhaustive), "pruned against exhaustive: \(query.terms.map(\.text)) \(filter)")
                #expect(sameScores(pruned, fts), "against FTS5: \(query.terms.map(\.text)) \(filter)")
                if !fts.isEmpty {
                    overlap += Double(Set(pruned.map(\.key)).intersection(fts.map(\.key)).count) / Double(fts.count)
                    n += 1
                }
            }
        }
        return n == 0 ? 0 : overlap / Double(n)
    }

    /// The same score at every rank (to rounding: two summation orders differ in the last bits).
    static func sameScores(_ a: [(key: Int64, score: Double)], _ b: [(key: Int64, score: Double)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0.score - $1.score) <= 1e-9 * max(1, abs($1.score)) }
    }

    /// The same scores, and the same keys wherever the score is not tied (to rounding) with a neighbour.
    static func sameRanking(_ a: [(key: Int64, score: Double)], _ b: [(key: Int64, score: Double)]) -> Bool {
        guard sameScores(a, b) else { return false }
        func tied(_ i: Int) -> Bool {
            (i > 0 && abs(b[i].score - b[i - 1].score) <= 1e-9 * b[i].score)
                || (i + 1 < b.count && abs(b[i].score - b[i + 1].score) <= 1e-9 * b[i].score)
        }
        return b.indices.allSatisfy { a[$0].key == b[$0].key || tied($0) }
    }

    @Test func sameTopKAsFTS5UnderFiltersAndAfterChanges() async throws {
        let (store, dir) = try LexicalPruningTests.store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let vocab = Self.vocabulary()
        var rng = SplitMix64(seed: 2026)
        var items: [(draft: ProductDraft, appearances: [EncodedAppearance])] = []
        for i in 0..<1200 { items.append(Self.draft(i, &rng, vocab)) }
        for batch in stride(from: 0, to: items.count, by: 200) {
            _ = try await store.upsertBatch(Array(items[batch..<min(items.count, batch + 200)]), spaceID: "t") { _ in }
        }
        try await store.refreshTermFrequencies()
        let queries = Self.queries(&rng, vocab, count: 40)
        for k in [10, 100] {
            for cap in [nil, 150] as [Int?] {
                #expect(try await Self.compare(store, queries, k: k, cap: cap) >= 0.99)
            }
        }
        // Replace a third, delete a sixth, add some: the index follows through its change log, deletes leave
        // tombstones that get compacted, and the results stay FTS5's.
        for i in stride(from: 0, to: 1200, by: 3) { _ = try await store.upsert(Self.draft(i, &rng, vocab).0,
            appearances: Self.draft(i, &rng, vocab).1, spaceID: "t") { _ in } }
        for i in stride(from: 1, to: 1200, by: 6) { _ = try await store.delete(id: "p\(i)") { _ in } }
        for i in 1200..<1300 {
            let (d, a) = Self.draft(i, &rng, vocab)
            _ = try await store.upsert(d, appearances: a, spaceID: "t") { _ in }
        }
        #expect(try await Self.compare(store, queries, k: 50, cap: nil) >= 0.99)
        let stats = try #require(store.lexicalIndexStats)
        let rows = try await store.readers[0].run { db in
            try db.cached("SELECT count(*) FROM appearance_fts").first { $0.int(0) } ?? 0
        }
        #expect(stats.documents == rows)
        // Applied log rows are pruned; a new process loads the same index from the FTS table.
        try await store.refreshTermFrequencies()
        let logRows = try await store.readers[0].run { db in
            try db.cached("SELECT count(*) FROM lexical_log").first { $0.int(0) } ?? -1
        }
        #expect(logRows == 0)
        let reopened = try SQLiteCatalogStore(path: dir.appendingPathComponent("ampere.sqlite").path)
        #expect(try await Self.compare(reopened, queries, k: 50, cap: nil) >= 0.99)
        #expect(reopened.lexicalIndexStats?.documents == rows)
        // And it keeps following writes after the pruning.
        _ = try await store.delete(id: "p0") { _ in }
        _ = try await reopened.delete(id: "p3") { _ in }
        #expect(try await Self.compare(reopened, queries, k: 50, cap: nil) >= 0.99)
    }

    @Test func aFilterNoDocumentPassesCostsNoScan() async throws {
        let (store, dir) = try LexicalPruningTests.store()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try await LexicalPruningTests.add(store, "a", "steel kettle")
        let query = try #require(LexicalQuery(text: "steel kettle"))
        for filter in [SearchFilter(brand: "no such brand"), SearchFilter(category: "none"), SearchFilter(domains: []),
                       SearchFilter(priceMin: 10, priceMax: 5)] {
            let hits = try await store.lexicalSearch(query, maxTerms: 8, maxDocumentFrequency: nil, filter: filter, limit: 5,
                                                     weights: LexicalWeights())
            #expect(hits.isEmpty)
        }
        let all = try await store.lexicalSearch(query, maxTerms: 8, maxDocumentFrequency: nil, filter: SearchFilter(),
                                                limit: 5, weights: LexicalWeights())
        #expect(all.count == 1)
    }

    @Test func maxScoreEqualsExhaustiveOnARandomIndex() {
        // The pruning alone, on an index built directly: many documents, skewed terms, every k.
        let index = InvertedIndex()
        var rng = SplitMix64(seed: 99)
        let vocab = Self.vocabulary()
        for key in 1...5000 {
            func words(_ n: Int) -> String { (0..<n).map { _ in Self.word(&rng, vocab) }.joined(separator: " ") }
            index.add(UInt32(key), LexicalDocument(title: words(3), brand: key % 3 == 0 ? "w1x" : "", body: words(Int(rng.next() % 50)),
                                                   domainBit: 1, brandKey: nil, categoryKey: nil, price: nil))
        }
        for key in stride(from: 2, through: 5000, by: 5) { index.remove(UInt32(key)) }
        let filter = LexicalFilterCheck(SearchFilter(), in: index)!
        for q in 0..<60 {
            let terms = (0..<(1 + q % 12)).compactMap { _ in index.postings(Self.word(&rng, vocab)) }
                .map { WeightedTerm(postings: $0, weight: Double(1 + rng.next() % 3) * index.idf(documentFrequency: $0.live)) }
            for k in [1, 10, 100, 1000] {
                let pruned = index.topK(terms, columns: LexicalWeights(), k: k, filter: filter)
                let exhaustive = index.topK(terms, columns: LexicalWeights(), k: k, filter: filter, exhaustive: true)
                #expect(Self.sameRanking(pruned, exhaustive), "query \(q), k \(k)")
            }
        }
    }
}
