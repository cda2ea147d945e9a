import Foundation
import Retrieval
import Testing
@testable import Storage

@Suite("SQLite lexical search with term pruning")
struct LexicalPruningTests {
    static func store(termFrequencyReload: Duration? = .seconds(1), memoryLexicalIndex: Bool = true) throws
        -> (SQLiteCatalogStore, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ampere-lex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("ampere.sqlite").path
        var migrator = Migrator()
        migrator.register(SQLiteCatalogStore.migrations)
        try migrator.migrate(try Database(path: path))
        return (try SQLiteCatalogStore(path: path, termFrequencyReload: termFrequencyReload,
                                       memoryLexicalIndex: memoryLexicalIndex), dir)
    }

    static func add(_ store: SQLiteCatalogStore, _ id: String, _ title: String) async throws -> Int64 {
        let draft = ProductDraft(id: id, title: title)
        let page = EncodedAppearance(domain: .page, text: draft.pageText, summary: nil, imageCount: 0,
                                     embedding: Embedding(fused: [1, 0], text: [1, 0], visual: nil))
        return try await store.upsert(draft, appearances: [page], spaceID: "t", afterCommit: { _ in }).added[0].key
    }

    @Test func theRarestTermsDecideAndUnknownTermsCostNothing() async throws {
        let (store, dir) = try Self.store()
        defer { try? FileManager.default.removeItem(at: dir) }
        var keys: [String: Int64] = [:]
        for i in 0..<6 { keys["k\(i)"] = try await Self.add(store, "k\(i)", "black steel kettle model \(i)") }
        keys["target"] = try await Self.add(store, "target", "black steel kettle KX-200")
        let query = try #require(LexicalQuery(text: "black steel kettle black steel KX-200 zorblax quux", maxRepeat: 2))
        // One term kept: the rarest that occurs ("kx", "200" and "kx200" are in one document each; ties keep query
        // order, so "kx"); "zorblax" and "quux" occur nowhere.
        let one = try await store.lexicalSearch(query, maxTerms: 1, maxDocumentFrequency: nil, filter: SearchFilter(), limit: 10, weights: LexicalWeights())
        #expect(one.map(\.key) == [keys["target"]!])
        // Every term: all seven match, the target first.
        let all = try await store.lexicalSearch(query, maxTerms: 100, maxDocumentFrequency: nil, filter: SearchFilter(), limit: 10, weights: LexicalWeights())
        #expect(all.count == 7 && all.first?.key == keys["target"])
        // Nothing that occurs: no hits, no error.
        let none = try #require(LexicalQuery(text: "zorblax quux"))
        #expect(try await store.lexicalSearch(none, maxTerms: 8, maxDocumentFrequency: nil, filter: SearchFilter(), limit: 10, weights: LexicalWeights()).isEmpty)
    }

    @Test func frequenciesFollowWritesAndDeletes() async throws {
        let (store, dir) = try Self.store()
        defer { try? FileManager.default.removeItem(at: dir) }
        let query = try #require(LexicalQuery(text: "teapot"))
        #expect(try await store.lexicalSearch(query, maxTerms: 4, maxDocumentFrequency: nil, filter: SearchFilter(), limit: 5, weights: LexicalWeights()).isEmpty)
        let key = try await Self.add(store, "t1", "Ceramic teapot")
        #expect(try await store.lexicalSearch(query, maxTerms: 4, maxDocumentFrequency: nil, filter: SearchFilter(), limit: 5, weights: LexicalWeights()).map(\.key) == [key])
        _ = try await store.delete(id: "t1", afterCommit: { _ in })
        #expect(try await store.lexicalSearch(query, maxTerms: 4, maxDocumentFrequency: nil, filter: SearchFilter(), limit: 5, weights: LexicalWeights()).isEmpty)
    }

    @Test(arguments: [Duration.zero, .seconds(3600)])
    func snapshotFrequenciesEqualTheLookupAcrossWrites(reload: Duration) async throws {
        // reload 0: every search after a write rebuilds the reader's copy; 1 h: after the first build, writes make
        // searches fall back to the per-query lookup. Both must see exactly the catalog as it is now.
        let (store, dir) = try Self.store(termFrequencyReload: reload)
        defer { try? FileManager.default.removeItem(at: dir) }
        let terms = ["kettle", "steel", "kx", "teapot", "zorblax"]
        func check() async throws {
            for (i, reader) in store.readers.enumerated() {
                let (cached, exact) = try await reader.run { db in
                    (try store.termFrequencies[i].frequencies(of: terms, db: db), try TermFrequencySnapshot.lookup(terms, db: db))
                }
                #expect(cached == exact)
            }
        }
        try await check()
        _ = try await Self.add(store, "a", "steel kettle")
        try await check()
        _ = try await Self.add(store, "b", "steel kettle KX-200")
        try await check()
        #expect(try await store.readers[0].run { db in try store.termFrequencies[0].frequencies(of: terms, db: db) }
                == ["kettle": 2, "steel": 2, "kx": 1])
        _ = try await store.delete(id: "a", afterCommit: { _ in })
        try await check()
        #expect(try await store.readers[1].run { db in try store.termFrequencies[1].frequencies(of: terms, db: db) }
                == ["kettle": 1, "steel": 1, "kx": 1])
    }

    @Test func aVocabularyOverTheCapIsLookedUpPerQuery() async throws {
        let (store, dir) = try Self.store()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try await Self.add(store, "a", "steel kettle KX-200")
        let small = TermFrequencySnapshot(maxTerms: 2, reloadInterval: .zero)  // the catalog has more than 2 terms
        let terms = ["kettle", "kx", "zorblax"]
        let got = try await store.readers[0].run { db in try small.frequencies(of: terms, db: db) }
        #expect(got == ["kettle": 1, "kx": 1])
    }

    @Test func jsonTextEscapes() {
        #expect(SQLJSON.array([]) == "[]")
        #expect(SQLJSON.array(["a\"b", "c\\d", "e\nf", "红色"]) == #"["a\"b","c\\d","e\u000af","红色"]"#)
    }
}

@Suite("SQLite lexical search leaves out common terms")
struct CommonTermStoreTests {
    @Test func commonTermsStopMatchingWhileRareOnesDecide() async throws {
        let (store, dir) = try LexicalPruningTests.store()
        defer { try? FileManager.default.removeItem(at: dir) }
        var keys: [String: Int64] = [:]
        for i in 0..<8 { keys["c\(i)"] = try await LexicalPruningTests.add(store, "c\(i)", "black cable \(i)") }
        keys["t"] = try await LexicalPruningTests.add(store, "t", "walnut desk")
        let query = try #require(LexicalQuery(text: "black walnut"))
        // "black" is in 8 documents: above a cap of 4 it is left out, so only the walnut desk matches.
        let capped = try await store.lexicalSearch(query, maxTerms: 32, maxDocumentFrequency: 4, filter: SearchFilter(),
                                                   limit: 20, weights: LexicalWeights())
        #expect(capped.map(\.key) == [keys["t"]!])
        let uncapped = try await store.lexicalSearch(query, maxTerms: 32, maxDocumentFrequency: nil, filter: SearchFilter(),
                                                     limit: 20, weights: LexicalWeights())
        #expect(uncapped.count == 9 && uncapped.first?.key == keys["t"])
        // Only common terms: the rarest alone still finds its documents.
        let common = try #require(LexicalQuery(text: "black cable"))
        let all = try await store.lexicalSearch(common, maxTerms: 32, maxDocumentFrequency: 4, filter: SearchFilter(),
                                                limit: 20, weights: LexicalWeights())
        #expect(all.count == 8)
    }
}
