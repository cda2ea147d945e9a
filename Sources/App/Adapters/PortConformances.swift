import Retrieval
import Storage
import Summarizer

// Where Retrieval's ports meet the technology modules (docs/ARCHITECTURE.md, "Adapters"): every conformance of a
// technology type to a port is declared in App/Adapters, and no technology module names a port. These types
// already speak the domain's vocabulary, so their conformance is the declaration alone; `EncoderAdapter` and
// `HNSWVectorIndex` translate (errors, key types, scores) and are adapters proper.

/// The SQLite catalog is the durable `CatalogStore`.
extension SQLiteCatalogStore: CatalogStore {}

/// The SQLite event log is the `EventStore`.
extension SQLiteEventStore: EventStore {}

/// The cache-LLM-extractive summarizer is the `TranscriptSummarizing` port.
extension TranscriptSummarizer: TranscriptSummarizing {}
