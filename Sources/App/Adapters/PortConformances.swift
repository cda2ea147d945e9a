import Retrieval
import Storage
import Summarizer

// Where Retrieval's ports meet the technology modules (docs/ARCHITECTURE.md, "Adapters"): every conformance of a
// technology type to a port is declared in App/Adapters, and no technology module names a port. These types
// already speak the domain's vocabulary, so their conformance is the declaration alone; `EncoderAdapter` and
// `HNSWVectorIndex` translate (errors, key types, scores) and are adapters proper.

/// The SQLite catalog is the durable `CatalogStore`.
extension SQLiteCatalogStore: CatalogStore {
    public func upsertBatchDeferred(_ items: [(draft: ProductDraft, appearances: [EncodedAppearance])], spaceID: String,
                                    afterCommit: @escaping @Sendable ([CatalogWrite]) -> Void) async throws
        -> (writes: [CatalogWrite], applied: @Sendable () async -> Void) {
        let (writes, applied) = try await upsertBatchCommitted(items, spaceID: spaceID, afterCommit: afterCommit)
        return (writes, { await applied.wait() })
    }
}

/// The SQLite event log is the `EventStore`.
extension SQLiteEventStore: EventStore {}

/// The cache-LLM-extractive summarizer is the `TranscriptSummarizing` port.
extension TranscriptSummarizer: TranscriptSummarizing {}
