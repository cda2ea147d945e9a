import Logging

/// Upserts, deletes and reads products: summarize each transcript, encode each appearance, commit everything in
/// one transaction, then (in commit order) update the ANN index, the filter directory and the summarizer's
/// vocabulary. A write is acknowledged only after its transaction committed.
public final class CatalogService: Sendable {
    let store: any CatalogStore
    let encoder: any AppearanceEncoding
    let summarizer: (any TranscriptSummarizing)?
    let index: any VectorIndexing
    let directory: AppearanceDirectory
    let logger: Logger
    /// Batch items encoded at once.
    let encodeConcurrency = 4

    /// Wires the service to its ports. With `summarizer` nil, transcripts are encoded as they are.
    public init(store: any CatalogStore, encoder: any AppearanceEncoding, summarizer: (any TranscriptSummarizing)?,
                index: any VectorIndexing, directory: AppearanceDirectory, logger: Logger) {
        self.store = store
        self.encoder = encoder
        self.summarizer = summarizer
        self.index = index
        self.directory = directory
        self.logger = logger
    }

    /// Inserts or replaces a product; returns it as stored and whether it was new.
    public func upsert(_ draft: ProductDraft) async throws -> (product: Product, created: Bool) {
        // The product's own words join the vocabulary first, so that its transcripts are summarized knowing them
        // (the first product of a new brand must not lose its brand); a failed write takes them out again.
        summarizer?.catalogDidAdd(productText: draft.pageText)
        let write: CatalogWrite
        do {
            let appearances = try await encodeAppearances(of: draft)
            write = try await store.upsert(draft, appearances: appearances, spaceID: encoder.spaceID) {
                [index, directory, summarizer] write in
                Self.apply([write], index: index, directory: directory, summarizer: summarizer)
            }
        } catch {
            summarizer?.catalogDidRemove(productText: draft.pageText)
            throw error
        }
        // A write committed elsewhere enters this node's vocabulary when the replica feed applies it.
        if !store.appliesWritesLocally { summarizer?.catalogDidRemove(productText: draft.pageText) }
        guard let product = write.product else { throw RetrievalError.internalError(message: "upsert stored nothing") }
        return (product, write.created)
    }

    /// Inserts or replaces many products with one transaction for all that encode: one commit (one fsync)
    /// instead of one per product. A product that fails
    /// alone (its image does not decode, say) gets its own error and the rest are stored; if the transaction
    /// itself fails for any reason but storage, the products are retried one by one, so one bad row cannot
    /// sink the others. Results are in `drafts` order.
    public func upsertBatch(_ drafts: [ProductDraft]) async -> [Result<(product: Product, created: Bool), any Error>] {
        let (results, applied) = await commitBatch(drafts)
        await applied()
        return results
    }

    /// `upsertBatch` for a bulk import: returns once the batch has committed (durable), while the graph may still
    /// be taking its vectors; `applied` waits for that. The caller encodes and commits the next batch meanwhile
    /// (both cores busy: the encoder and SQLite on one, HNSW inserts on the other).
    public func importBatch(_ drafts: [ProductDraft]) async
        -> (results: [Result<(product: Product, created: Bool), any Error>], applied: @Sendable () async -> Void) {
        await commitBatch(drafts)
    }

    /// Encodes `drafts` exactly as `importBatch` does (their words enter the summarizer's vocabulary, transcripts
    /// are summarized, every appearance encoded) and stores nothing: per draft the appearances encoded, or its
    /// error, for measuring what the encoder alone gives on a catalog's own texts (`ampere import --encode-only`).
    public func encodeOnly(_ drafts: [ProductDraft]) async -> [Result<Int, any Error>] {
        for draft in drafts { summarizer?.catalogDidAdd(productText: draft.pageText) }
        return await encodeAll(drafts).map { $0.map(\.count) }
    }

    /// Each draft's encoded appearances (or its error), in order, `encodeConcurrency` drafts at a time.
    private func encodeAll(_ drafts: [ProductDraft]) async -> [Result<[EncodedAppearance], any Error>] {
        var encoded = [Result<[EncodedAppearance], any Error>?](repeating: nil, count: drafts.count)
        await withTaskGroup(of: (Int, Result<[EncodedAppearance], any Error>).self) { group in
            var next = 0
            func submit() {
                let i = next
                next += 1
                group.addTask { (i, await Self.capture { try await self.encodeAppearances(of: drafts[i]) }) }
            }
            while next < drafts.count && next < encodeConcurrency { submit() }
            while let (i, result) = await group.next() {
                encoded[i] = result
                if next < drafts.count { submit() }
            }
        }
        return encoded.map { $0! }
    }

    private func commitBatch(_ drafts: [ProductDraft]) async
        -> ([Result<(product: Product, created: Bool), any Error>], @Sendable () async -> Void) {
        var applied: @Sendable () async -> Void = {}
        for draft in drafts { summarizer?.catalogDidAdd(productText: draft.pageText) }
        let encoded = await encodeAll(drafts)
        var results = [Result<(product: Product, created: Bool), any Error>?](repeating: nil, count: drafts.count)
        var ready: [(index: Int, draft: ProductDraft, appearances: [EncodedAppearance])] = []
        for (i, result) in encoded.enumerated() {
            switch result {
            case .success(let appearances): ready.append((i, drafts[i], appearances))
            case .failure(let error): results[i] = .failure(error)
            }
        }
        if !ready.isEmpty {
            do {
                let (writes, wait) = try await store.upsertBatchDeferred(ready.map { ($0.draft, $0.appearances) },
                                                                         spaceID: encoder.spaceID) {
                    [index, directory, summarizer] writes in
                    Self.apply(writes, index: index, directory: directory, summarizer: summarizer)
                }
                applied = wait
                for (item, write) in zip(ready, writes) {
                    if let product = write.product {
                        results[item.index] = .success((product, write.created))
                    } else {
                        results[item.index] = .failure(RetrievalError.internalError(message: "upsert stored nothing"))
                    }
                }
            } catch let error as RetrievalError where error.kind == .storageUnavailable {
                for item in ready { results[item.index] = .failure(error) }
            } catch {
                logger.warning("batch transaction failed; storing its products one by one", metadata: ["error": "\(error)"])
                for item in ready {
                    results[item.index] = await Self.capture { try await self.upsertEncoded(item.draft, item.appearances) }
                }
            }
        }
        let local = store.appliesWritesLocally
        for (i, result) in results.enumerated() {
            if case .failure = result! { summarizer?.catalogDidRemove(productText: drafts[i].pageText) }
            else if !local { summarizer?.catalogDidRemove(productText: drafts[i].pageText) }
        }
        return (results.map { $0! }, applied)
    }

    /// One already-encoded product in its own transaction (the batch fallback; the vocabulary already counts it).
    private func upsertEncoded(_ draft: ProductDraft, _ appearances: [EncodedAppearance]) async throws -> (product: Product, created: Bool) {
        let write = try await store.upsert(draft, appearances: appearances, spaceID: encoder.spaceID) {
            [index, directory, summarizer] write in
            Self.apply([write], index: index, directory: directory, summarizer: summarizer)
        }
        guard let product = write.product else { throw RetrievalError.internalError(message: "upsert stored nothing") }
        return (product, write.created)
    }

    /// What a committed write changes in memory, in commit order: the ANN index, the filter directory, and the
    /// vocabulary (a replaced product's old words leave it).
    static func apply(_ writes: [CatalogWrite], index: any VectorIndexing, directory: AppearanceDirectory,
                      summarizer: (any TranscriptSummarizing)?) {
        // One index update for the whole batch (so the index can insert its vectors together), with the batch's
        // net effect: appearance keys are never reused, so a key added and removed within the batch (a product
        // listed twice) is simply left out of both lists.
        let removed = Set(writes.flatMap(\.removedKeys))
        let added = Set(writes.flatMap { $0.added.map(\.key) })
        index.apply(upserts: writes.flatMap { $0.added.filter { !removed.contains($0.key) }.map { ($0.key, $0.vector) } },
                    removals: writes.flatMap(\.removedKeys).filter { !added.contains($0) })
        for write in writes {
            directory.apply(write)
            if let old = write.previousPageText { summarizer?.catalogDidRemove(productText: old) }
        }
    }

    static func capture<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    /// Deletes a product and everything derived from it; throws `.notFound` when it does not exist. Returns the
    /// write's version token (see `waitVisible`).
    @discardableResult
    public func delete(id: String) async throws -> Int64 {
        let write = try await store.delete(id: id) { [index, directory, summarizer] write in
            Self.apply([write], index: index, directory: directory, summarizer: summarizer)
        }
        guard let write else { throw RetrievalError.notFound(message: "no product with id '\(id)'") }
        return write.sequence
    }

    /// True when writes commit elsewhere and reach this node through the replica feed (cluster replica mode).
    public var isReplicated: Bool { !store.appliesWritesLocally }

    /// Waits until this node serves the write whose version token is `version` (a product's `sequence` in a write's
    /// answer, or what `delete` returned); immediately true on a single node.
    public func waitVisible(_ version: Int64, timeout: Duration) async -> Bool {
        await store.waitVisible(version, timeout: timeout)
    }

    /// Applies writes committed elsewhere (the replica feed): `commit` stores them locally in one transaction and
    /// hands the local writes to the callback, which updates the index, the filter directory and the vocabulary in
    /// commit order, as for this node's own writes.
    public func applyCommittedElsewhere(
        _ commit: (@escaping @Sendable ([CatalogWrite]) -> Void) async throws -> Void) async throws {
        try await commit { [index, directory, summarizer] writes in
            for write in writes { if let product = write.product { summarizer?.catalogDidAdd(productText: product.pageText) } }
            Self.apply(writes, index: index, directory: directory, summarizer: summarizer)
        }
    }

    /// The stored product, or `.notFound`.
    public func product(id: String) async throws -> Product {
        guard let product = try await store.product(id: id) else {
            throw RetrievalError.notFound(message: "no product with id '\(id)'")
        }
        return product
    }

    /// A page of products in stable id order, and the cursor for the next page (nil at the end).
    public func list(limit: Int, cursor: String?) async throws -> (products: [Product], next: String?) {
        let page = try await store.products(after: cursor, limit: limit + 1)
        let products = Array(page.prefix(limit))
        return (products, page.count > limit ? products.last?.id : nil)
    }

    /// Number of stored products.
    public func count() async throws -> Int { try await store.productCount() }

    /// Summarizes and encodes the page appearance and every media appearance of `draft`.
    func encodeAppearances(of draft: ProductDraft) async throws -> [EncodedAppearance] {
        var out: [EncodedAppearance] = []
        let pageText = draft.pageText
        let page = try await encoder.embed(text: pageText, images: draft.images)
        out.append(EncodedAppearance(domain: .page, text: pageText, summary: nil, imageCount: draft.images.count,
                                     embedding: page))
        for media in draft.media {
            var summary: Summary?
            var text = ""
            var upgrade: String?
            if let asr = media.asr, !asr.isEmpty {
                if let summarizer {
                    let s = try await summarizer.summarizeForStorage(asr)
                    summary = s
                    text = s.text
                    if s.upgradable { upgrade = asr }
                } else {
                    text = asr
                }
            }
            let embedding = try await encoder.embed(text: text.isEmpty ? nil : text, images: media.frames)
            out.append(EncodedAppearance(domain: media.domain, text: text, summary: summary,
                                         imageCount: media.frames.count, embedding: embedding, upgradeTranscript: upgrade))
        }
        return out
    }
}
