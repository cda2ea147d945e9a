#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Retrieval
import Synchronization

/// A `CatalogStore` in memory: products and their appearances in a dictionary under one lock.
///
/// What it keeps from the SQLite store (Storage's `SQLiteCatalogStore`):
/// - every write (upsert or delete) takes the next sequence number, and every stored appearance a new key; keys
///   and sequences only grow, a replaced product's old keys are reported in `removedKeys` and never reused;
/// - `afterCommit` runs under the store's lock, right after the change is applied, so callbacks run in commit
///   order and no later write commits before one finishes (the writer-queue guarantee);
/// - a write that throws (`failNextWrite`) changes nothing and calls no `afterCommit`;
/// - `createdAt` survives an update; times are the write's sequence number (deterministic, no clock).
///
/// What `lexicalSearch` approximates: BM25 (k1 1.2, b 0.75) over the terms `LexicalAnalyzer.terms` gives, with the
/// page appearance split into title, brand and body fields like Storage's FTS table (media: body only), the field
/// weights multiplying term frequencies (BM25F-style, not FTS5's per-column sum), each kept query term counted
/// `Term.count` times, and the terms pruned by `LexicalQuery.selectedTerms` with document frequencies counted over
/// the stored appearances. The filter is applied inside, with `FilterMatcher` (the directory's rules). Scores are
/// therefore in the same order of magnitude as the real ones but not equal to them.
package final class InMemoryCatalogStore: CatalogStore, Sendable {
    struct StoredProduct {
        var product: Product
        /// Fused vectors by appearance key.
        var vectors: [Int64: [Float]]
    }

    struct State {
        var products: [String: StoredProduct] = [:]
        var sequence: Int64 = 0
        var nextKey: Int64 = 1
        var failNextWrite: (any Error)?
        var upsertCalls = 0
        var spaceIDs: [String] = []
        var lexicalSearches: [LexicalSearch] = []
    }

    /// One recorded `lexicalSearch` call.
    package struct LexicalSearch: Sendable, Equatable {
        /// The filter passed.
        package var filter: SearchFilter
        /// The limit passed.
        package var limit: Int
    }

    private let state = Mutex(State())

    /// An empty store.
    package init() {}

    /// The next `upsert` or `delete` throws `error` without changing anything (one shot).
    package func failNextWrite(with error: any Error) {
        state.withLock { $0.failNextWrite = error }
    }

    /// Number of `upsert` calls, failed ones included.
    package var upsertCalls: Int { state.withLock { $0.upsertCalls } }

    /// The `spaceID` of every successful upsert, in order.
    package var spaceIDs: [String] { state.withLock { $0.spaceIDs } }

    /// Every `lexicalSearch` call so far, in order.
    package var lexicalSearches: [LexicalSearch] { state.withLock { $0.lexicalSearches } }

    /// The last committed sequence (0 before any write).
    package var lastSequence: Int64 { state.withLock { $0.sequence } }

    package func upsert(_ draft: ProductDraft, appearances: [EncodedAppearance], spaceID: String,
                       afterCommit: @escaping @Sendable (CatalogWrite) -> Void) async throws -> CatalogWrite {
        try state.withLock { s in
            s.upsertCalls += 1
            if let error = s.failNextWrite {
                s.failNextWrite = nil
                throw error
            }
            s.sequence += 1
            let seq = s.sequence
            let old = s.products[draft.id]
            var stored: [Appearance] = []
            var vectors: [Int64: [Float]] = [:]
            var added: [StoredAppearanceRecord] = []
            for appearance in appearances {
                let key = s.nextKey
                s.nextKey += 1
                stored.append(Appearance(key: key, domain: appearance.domain, text: appearance.text,
                                         summary: appearance.summary, imageCount: appearance.imageCount))
                vectors[key] = appearance.embedding.fused
                added.append(StoredAppearanceRecord(key: key, productID: draft.id,
                                                    meta: AppearanceMeta(domain: appearance.domain, info: draft.info),
                                                    vector: appearance.embedding.fused))
            }
            let product = Product(info: draft.info, appearances: stored, sequence: seq,
                                  createdAt: old?.product.createdAt ?? Double(seq), updatedAt: Double(seq))
            s.products[draft.id] = StoredProduct(product: product, vectors: vectors)
            s.spaceIDs.append(spaceID)
            let write = CatalogWrite(product: product, created: old == nil,
                                     removedKeys: old?.product.appearances.map(\.key) ?? [], added: added,
                                     sequence: seq, previousPageText: old.flatMap(Self.pageText))
            afterCommit(write)
            return write
        }
    }

    package func delete(id: String, afterCommit: @escaping @Sendable (CatalogWrite) -> Void) async throws -> CatalogWrite? {
        try state.withLock { s in
            if let error = s.failNextWrite {
                s.failNextWrite = nil
                throw error
            }
            guard let old = s.products.removeValue(forKey: id) else { return nil }
            s.sequence += 1
            let write = CatalogWrite(product: nil, created: false, removedKeys: old.product.appearances.map(\.key),
                                     added: [], sequence: s.sequence, previousPageText: Self.pageText(old))
            afterCommit(write)
            return write
        }
    }

    package func product(id: String) async throws -> Product? {
        state.withLock { $0.products[id]?.product }
    }

    package func products(after cursor: String?, limit: Int) async throws -> [Product] {
        let all = state.withLock { s in s.products.values.map(\.product) }
        // Byte order, as SQLite's BINARY collation compares ids.
        let sorted = all.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        let after = cursor.map { c in sorted.filter { c.utf8.lexicographicallyPrecedes($0.id.utf8) } } ?? sorted
        return Array(after.prefix(max(0, limit)))
    }

    package func productCount() async throws -> Int { state.withLock { $0.products.count } }

    package func allAppearances(_ body: @escaping @Sendable (StoredAppearanceRecord) -> Void) async throws {
        let records = state.withLock { s in s.products.values.flatMap { Self.records($0, withVectors: false) } }
        for record in records.sorted(by: { $0.key < $1.key }) { body(record) }
    }

    package func appearanceRecords(productID: String) async throws -> [StoredAppearanceRecord] {
        state.withLock { s in s.products[productID].map { Self.records($0, withVectors: true) } ?? [] }
    }

    package func lexicalSearch(_ query: LexicalQuery, maxTerms: Int, maxDocumentFrequency: Int?, filter: SearchFilter,
                              limit: Int, weights: LexicalWeights) async throws -> [(key: Int64, score: Double)] {
        let documents = state.withLock { s in
            s.lexicalSearches.append(LexicalSearch(filter: filter, limit: limit))
            return s.products.values.flatMap(Self.documents)
        }
        guard !documents.isEmpty else { return [] }
        var df: [String: Int] = [:]
        for term in Set(query.terms.map(\.text)) {
            df[term] = documents.count { $0.title[term] != nil || $0.brand[term] != nil || $0.body[term] != nil }
        }
        let kept = query.selectedTerms(maxTerms: maxTerms, documentFrequency: df,
                                       maxDocumentFrequency: maxDocumentFrequency)
        guard !kept.isEmpty else { return [] }
        let n = Double(documents.count)
        let averageLength = Double(documents.reduce(0) { $0 + $1.length }) / n
        let matcher = FilterMatcher(filter)
        let (k1, b) = (1.2, 0.75)
        var hits: [(key: Int64, score: Double)] = []
        for doc in documents where matcher.matches(doc.meta) {
            var score = 0.0
            for term in kept {
                let tf = weights.title * Double(doc.title[term.text] ?? 0) + weights.brand * Double(doc.brand[term.text] ?? 0)
                    + weights.body * Double(doc.body[term.text] ?? 0)
                guard tf > 0 else { continue }
                let d = Double(df[term.text]!)
                let idf = log(1 + (n - d + 0.5) / (d + 0.5))
                let norm = k1 * (1 - b + b * Double(doc.length) / max(averageLength, 1))
                score += Double(term.count) * idf * tf * (k1 + 1) / (tf + norm)
            }
            if score > 0 { hits.append((doc.key, score)) }
        }
        hits.sort { $0.score != $1.score ? $0.score > $1.score : $0.key < $1.key }
        return Array(hits.prefix(max(0, limit)))
    }

    // MARK: - Helpers

    /// One appearance as the lexical channel sees it: term counts per field.
    struct Document {
        var key: Int64
        var meta: AppearanceMeta
        var title: [String: Int]
        var brand: [String: Int]
        var body: [String: Int]
        var length: Int
    }

    static func counts(_ text: String) -> [String: Int] {
        LexicalAnalyzer.terms(text).reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// As Storage indexes them: the page's title and brand in their fields and the rest of its text in the body;
    /// a media appearance's text in the body.
    static func documents(_ stored: StoredProduct) -> [Document] {
        let info = stored.product.info
        return stored.product.appearances.map { a in
            let isPage = a.domain == .page
            let title = isPage ? counts(info.title) : [:]
            let brand = isPage ? counts(info.brand ?? "") : [:]
            let body = counts(isPage ? String(a.text.dropFirst(info.title.count)) : a.text)
            let length = [title, brand, body].reduce(0) { $0 + $1.values.reduce(0, +) }
            return Document(key: a.key, meta: AppearanceMeta(domain: a.domain, info: info), title: title, brand: brand,
                            body: body, length: length)
        }
    }

    static func records(_ stored: StoredProduct, withVectors: Bool) -> [StoredAppearanceRecord] {
        stored.product.appearances.map { a in
            StoredAppearanceRecord(key: a.key, productID: stored.product.id,
                                   meta: AppearanceMeta(domain: a.domain, info: stored.product.info),
                                   vector: withVectors ? stored.vectors[a.key] ?? [] : [])
        }
    }

    static func pageText(_ stored: StoredProduct) -> String? {
        stored.product.appearances.first { $0.domain == .page }?.text
    }
}
