import Logging
import Retrieval
import Storage

/// The retrieval services over one data directory: the SQLite catalog, the in-memory index and filter directory
/// loaded from it, and the catalog and search services. The server, `ampere eval` and `ampere import --data-dir`
/// all run on this one stack, so they behave the same.
public final class RetrievalStack: Sendable {
    /// Durable storage.
    public let store: SQLiteCatalogStore
    /// Appearance key → product and filter metadata.
    public let directory: AppearanceDirectory
    /// The ANN index.
    public let index: any VectorIndexing
    /// Upserts, deletes, reads.
    public let catalog: CatalogService
    /// Searches.
    public let search: SearchService
    /// The encoder port.
    public let encoder: any AppearanceEncoding
    /// The summarizer port, if any.
    public let summarizer: (any TranscriptSummarizing)?

    /// Opens (creating and migrating) the database at `databasePath` and wires the services.
    /// Call `load()` before serving to fill the index and directory from what is stored.
    public init(databasePath: String, migrations: [Migrator.Migration], encoder: any AppearanceEncoding,
                summarizer: (any TranscriptSummarizing)?, index: any VectorIndexing,
                searchOptions: SearchService.Options = .init(), synchronous: Database.Synchronous = .full,
                logger: Logger) throws {
        var migrator = Migrator()
        migrator.register(SQLiteCatalogStore.migrations)
        migrator.register(migrations)
        let applied = try migrator.migrate(try Database(path: databasePath, synchronous: synchronous))
        if !applied.isEmpty { logger.info("database migrated", metadata: ["applied": "\(applied)"]) }
        self.store = try SQLiteCatalogStore(path: databasePath, synchronous: synchronous)
        self.directory = AppearanceDirectory()
        self.index = index
        self.encoder = encoder
        self.summarizer = summarizer
        self.catalog = CatalogService(store: store, encoder: encoder, summarizer: summarizer, index: index,
                                      directory: directory, logger: logger)
        self.search = SearchService(store: store, encoder: encoder, summarizer: summarizer, index: index,
                                    directory: directory, options: searchOptions, logger: logger)
    }

    /// Loads every stored appearance into the filter directory and the index, and every product's page text into
    /// the summarizer's vocabulary. Returns the number of appearances loaded.
    @discardableResult
    public func load() async throws -> Int {
        let batch = LoadBatch()
        try await store.allAppearances { [directory] record in
            directory.insert(record)
            batch.append(record)
        }
        let records = batch.take()
        index.apply(upserts: records.map { ($0.key, $0.vector) }, removals: [])
        if let summarizer {
            var after: String?
            while true {
                let page = try await store.products(after: after, limit: 500)
                for product in page {
                    if let text = product.appearances.first(where: { $0.domain == .page })?.text {
                        summarizer.catalogDidAdd(productText: text)
                    }
                }
                guard let last = page.last else { break }
                after = last.id
            }
        }
        return records.count
    }
}

/// Collects records handed out on the store's queue.
final class LoadBatch: @unchecked Sendable {
    private var records: [StoredAppearanceRecord] = []
    func append(_ record: StoredAppearanceRecord) { records.append(record) }
    func take() -> [StoredAppearanceRecord] { defer { records = [] }; return records }
}
