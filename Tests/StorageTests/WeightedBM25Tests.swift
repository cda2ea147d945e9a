import Foundation
import Retrieval
import Testing
import VectorMath
@testable import Storage

/// `ampere_bm25` (CSQLiteRank/ampere_bm25.c) must rank and score exactly like FTS5's own `bm25()` over the expression with
/// every phrase repeated `weight` times: it only drops the repeats and takes the IDFs from the caller.
@Suite("ampere_bm25 equals bm25 with repeated phrases")
struct WeightedBM25Tests {
    static let vocabulary = ["kettle", "steel", "black", "ceramic", "teapot", "glass", "lid", "handle", "electric",
                             "travel", "mug", "cup", "bamboo", "tray", "copper", "pot", "walnut", "desk", "lamp", "brass"]

    static func catalog() async throws -> (SQLiteCatalogStore, URL) {
        let (store, dir) = try LexicalPruningTests.store()
        var rng = SplitMix64(seed: 7)
        for i in 0..<60 {
            func words(_ n: Int) -> String { (0..<n).map { _ in vocabulary.randomElement(using: &rng)! }.joined(separator: " ") }
            let draft = ProductDraft(id: "p\(i)", title: words(Int.random(in: 2..<6, using: &rng)) + " KX-\(i % 7)00",
                                     description: words(Int.random(in: 0..<30, using: &rng)), brand: i % 3 == 0 ? "Lumo" : "Nordhus \(words(1))")
            let page = EncodedAppearance(domain: .page, text: draft.pageText, summary: nil, imageCount: 0,
                                         embedding: Embedding(fused: [1, 0], text: [1, 0], visual: nil))
            _ = try await store.upsert(draft, appearances: [page], spaceID: "t", afterCommit: { _ in })
        }
        return (store, dir)
    }

    @Test(arguments: [
        "black steel kettle black steel KX-300",
        "ceramic teapot teapot teapot lid with handle\\nceramic teapot",
        "walnut desk lamp brass brass copper pot tray bamboo",
        "lumo travel mug mug cup",
        "zorblax glass",
    ])
    func sameKeysAndScores(text: String) async throws {
        let (store, dir) = try await Self.catalog()
        defer { try? FileManager.default.removeItem(at: dir) }
        let weights = LexicalWeights(title: 5, brand: 2, body: 1)
        let query = try #require(LexicalQuery(text: text.replacingOccurrences(of: "\\n", with: "\n"), maxRepeat: 3))
        for cap in [nil, 20] as [Int?] {
            let weighted = try await store.lexicalSearch(query, maxTerms: 32, maxDocumentFrequency: cap,
                                                         filter: SearchFilter(), limit: 100, weights: weights)
            let df = try await store.readers[0].run { db in try TermFrequencySnapshot.lookup(query.terms.map(\.text), db: db) }
            let match = try #require(FTS5Match.expression(query, maxTerms: 32, documentFrequency: df, maxDocumentFrequency: cap))
            let reference = try await store.lexicalSearch(match: match, filter: SearchFilter(), limit: 100, weights: weights)
            #expect(!weighted.isEmpty)
            #expect(weighted.map(\.key) == reference.map(\.key))
            for (a, b) in zip(weighted, reference) { #expect(abs(a.score - b.score) <= 1e-9 * max(1, abs(b.score))) }
            // Filtered the same way too.
            let filter = SearchFilter(brand: "Lumo")
            let wf = try await store.lexicalSearch(query, maxTerms: 32, maxDocumentFrequency: cap, filter: filter,
                                                   limit: 100, weights: weights)
            let rf = try await store.lexicalSearch(match: match, filter: filter, limit: 100, weights: weights)
            #expect(wf.map(\.key) == rf.map(\.key))
        }
    }

    @Test func aWrongArgumentCountIsAnErrorNotAWrongScore() async throws {
        let (store, dir) = try await Self.catalog()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Two phrases but one (weight, frequency) pair.
        let error = await #expect(throws: SQLiteError.self) {
            try await store.readers[0].run { db in
                try db.cached("SELECT ampere_bm25(appearance_fts, 1, 1, 1, 1, 3) FROM appearance_fts WHERE appearance_fts MATCH ?")
                    .rows(["\"kettle\" OR \"steel\""]) { $0.double(0) }
            }
        }
        #expect(error?.message.contains("ampere_bm25") == true)
    }
}
