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
                index.apply(upserts: write.added.map { ($0.key, $0.vector) }, removals: write.removedKeys)
                directory.apply(write)
                if let old = write.previousPageText { summarizer?.catalogDidRemove(productText: old) }
            }
        } catch {
            summarizer?.catalogDidRemove(productText: draft.pageText)
            throw error
        }
        guard let product = write.product else { throw RetrievalError.internalError(message: "upsert stored nothing") }
        return (product, write.created)
    }

    /// Deletes a product and everything derived from it; throws `.notFound` when it does not exist.
    public func delete(id: String) async throws {
        let write = try await store.delete(id: id) { [index, directory, summarizer] write in
            index.apply(upserts: [], removals: write.removedKeys)
            directory.apply(write)
            if let old = write.previousPageText { summarizer?.catalogDidRemove(productText: old) }
        }
        guard write != nil else { throw RetrievalError.notFound(message: "no product with id '\(id)'") }
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
            if let asr = media.asr, !asr.isEmpty {
                if let summarizer {
                    let s = try await summarizer.summarizeForStorage(asr)
                    summary = s
                    text = s.text
                } else {
                    text = asr
                }
            }
            let embedding = try await encoder.embed(text: text.isEmpty ? nil : text, images: media.frames)
            out.append(EncodedAppearance(domain: media.domain, text: text, summary: summary,
                                         imageCount: media.frames.count, embedding: embedding))
        }
        return out
    }
}
