import Dispatch
import HNSW
import Logging
import Synchronization
import Retrieval
import Storage
import VectorMath

/// The retrieval services over one database file: the SQLite catalog, the HNSW index and filter directory loaded
/// from it, and the catalog and search services. The server, `ampere eval` and `ampere import --data-dir` all run
/// on this one stack, so they behave the same.
package final class RetrievalStack: Sendable {
    /// Durable storage.
    package let store: SQLiteCatalogStore
    /// Appearance key → product and filter metadata.
    package let directory: AppearanceDirectory
    /// The HNSW graph (also what snapshots save).
    package let graph: HNSWIndex
    /// Upserts, deletes, reads.
    package let catalog: CatalogService
    /// Searches.
    package let search: SearchService
    /// The event log (`/events`), on the same file, writing through the catalog's writer queue.
    package let events: SQLiteEventStore
    /// Recommendations and event intake.
    package let recommend: RecommendService
    /// The encoder port.
    package let encoder: any AppearanceEncoding
    /// The summarizer port, if any.
    package let summarizer: (any TranscriptSummarizing)?
    /// How the index was loaded (snapshot + replay, or rebuilt).
    package let indexReport: IndexLoadReport
    /// `"snapshot"` or `"rebuilt"`, for `/health`.
    package let loadedFrom: String
    /// Re-fuses stored appearances from a new text and their stored visual branch (re-embedding and summary
    /// upgrades), nil when the stack was opened without one.
    package let reencode: Reencode?

    /// Fused vectors for (text, stored visual branch) pairs.
    package typealias Reencode = @Sendable ([(text: String, visual: [Float]?)]) async throws -> [[Float]]
    /// The learned model serving, if one loaded and was accepted.
    package let model: LearnedModel?
    /// Why a configured model file does not serve (unreadable, another vector space), for `/health`.
    package let modelRefusal: String?
    let recommendOptions: RecommendService.Options
    let recommendLogger: Logger

    /// A recommend service over this stack's ports and options with `model` (`rec-eval` scores the served learned
    /// path this way, a model per setting).
    package func recommendService(model: LearnedModel) -> RecommendService {
        RecommendService(events: events, encoder: encoder, summarizer: summarizer, index: HNSWVectorIndex(graph),
                         directory: directory, model: model, options: recommendOptions, logger: recommendLogger)
    }

    /// What `open` needs besides the database path.
    package struct Options: Sendable {
        /// HNSW parameters; `dimension` is replaced by the encoder's.
        package var hnsw: HNSWConfiguration
        /// Search knobs.
        package var search: SearchService.Options
        /// Commit durability.
        package var synchronous: Database.Synchronous
        /// Upserts in flight when re-encoding vectors made in an older vector space.
        package var reembedBatch: Int
        /// Where the graph snapshot files go (nil: beside the database).
        package var snapshotDirectory: String?
        /// Snapshot files kept.
        package var keepSnapshots = 2
        /// Recommendation knobs (the metrics are attached when the stack is built).
        package var recommend = RecommendService.Options()
        /// The learned recommender's model file (`recommend.model_path`); nil: none, the day-zero mode serves.
        package var modelPath: String?

        /// Creates options.
        package init(hnsw: HNSWConfiguration = HNSWConfiguration(dimension: 1, metric: .innerProduct),
                    search: SearchService.Options = .init(), synchronous: Database.Synchronous = .full,
                    reembedBatch: Int = 64) {
            self.hnsw = hnsw
            self.search = search
            self.synchronous = synchronous
            self.reembedBatch = reembedBatch
        }
    }

    init(store: SQLiteCatalogStore, catalogStore: any CatalogStore, events: SQLiteEventStore, directory: AppearanceDirectory,
         graph: HNSWIndex, encoder: any AppearanceEncoding, summarizer: (any TranscriptSummarizing)?, report: IndexLoadReport,
         reencode: Reencode?, options: Options, logger: Logger) {
        self.store = store
        self.reencode = reencode
        self.events = events
        self.directory = directory
        self.graph = graph
        self.encoder = encoder
        self.summarizer = summarizer
        self.indexReport = report
        if case .snapshot = report.source { loadedFrom = "snapshot" } else { loadedFrom = "rebuilt" }
        let index = HNSWVectorIndex(graph)
        catalog = CatalogService(store: catalogStore, encoder: encoder, summarizer: summarizer, index: index,
                                 directory: directory, logger: logger)
        search = SearchService(store: store, encoder: encoder, summarizer: summarizer, index: index,
                               directory: directory, options: options.search, logger: logger)
        recommendOptions = options.recommend
        recommendLogger = logger
        (model, modelRefusal) = Self.loadModel(options.modelPath, encoder: encoder, logger: logger)
        recommend = RecommendService(events: events, encoder: encoder, summarizer: summarizer, index: index,
                                     directory: directory, model: model, options: options.recommend, logger: logger)
    }

    /// Opens (creating and migrating) the database at `databasePath`, re-encodes vectors made in another vector
    /// space, loads the index (snapshot + replay, or rebuild) and the filter directory, and feeds the summarizer's
    /// vocabulary. `wrap` turns the local store into the catalog service's store (cluster replica mode: writes go
    /// to PostgreSQL, reads stay local); nil uses the local store. `makeSummarizer` gets the store (its writer and reader queues, for the cache) and may return nil for "no summarizer".
    package static func open(databasePath: String, encoder: any AppearanceEncoding,
                            reencode: (@Sendable ([(text: String, visual: [Float]?)]) async throws -> [[Float]])? = nil,
                            makeSummarizer: (SQLiteCatalogStore) -> (any TranscriptSummarizing)?,
                            extraMigrations: [Migrator.Migration] = [], options: Options = Options(),
                            catalogStore wrap: ((SQLiteCatalogStore) -> any CatalogStore)? = nil,
                            logger: Logger) async throws -> RetrievalStack {
        var migrator = Migrator()
        migrator.register(SQLiteCatalogStore.migrations)
        migrator.register(extraMigrations)
        migrator.register(SQLiteEventStore.migrations)
        let applied = try migrator.migrate(try Database(path: databasePath, synchronous: options.synchronous))
        if !applied.isEmpty { logger.info("database migrated", metadata: ["applied": "\(applied)"]) }
        let store = try SQLiteCatalogStore(path: databasePath, synchronous: options.synchronous,
                                           snapshotDirectory: options.snapshotDirectory, keepSnapshots: options.keepSnapshots)
        let events = try SQLiteEventStore(writer: store.writerQueue, path: databasePath, synchronous: options.synchronous)
        if let reencode {
            try await reembed(store: store, spaceID: encoder.spaceID, batch: options.reembedBatch, reencode: reencode,
                              logger: logger)
        }
        var configuration = options.hnsw
        configuration.dimension = encoder.dimension
        let hnsw = configuration
        // Four loads that share nothing run at the same time, each on a connection of its own: the graph (on the
        // writer), the lexical index (reader 0), then the filter directory and the summarizer's vocabulary
        // (reader 1, one after the other). At a million appearances after a clean stop they take about 2 + 0.4 +
        // 6 + 11 s (the lexical index from its snapshot file; 15-25 s from the FTS rows). Moving the vocabulary to
        // reader 0 once the lexical index is in measured no faster: the loads are CPU-bound on two cores.
        let summarizer = makeSummarizer(store)
        let directory = AppearanceDirectory()
        async let loadedIndex = store.loadIndex(configuration: hnsw)
        async let lexicalSeconds = Self.seconds { try await store.refreshTermFrequencies() }
        async let structureSeconds = Self.loadStructures(store: store, directory: directory, summarizer: summarizer)
        let (graph, report) = try await loadedIndex
        logger.info("index loaded", metadata: ["vectors": "\(graph.count)", "source": "\(report.source)",
                                                "file": "\(report.file ?? "-")", "replayed": "\(report.replayed)",
                                                "seconds": "\(report.seconds)"])
        for reason in report.rejected { logger.warning("index snapshot rejected", metadata: ["reason": "\(reason)"]) }
        if report.skippedVectors > 0 {
            logger.warning("stored vectors of the wrong length skipped", metadata: [
                "count": "\(report.skippedVectors)", "dimension": "\(hnsw.dimension)"])
        }
        if let file = report.migratedTo {
            logger.notice("legacy in-database snapshot migrated to a file", metadata: ["file": "\(file)"])
        }
        let termSeconds = try await lexicalSeconds
        if let lexical = store.lexicalIndexStats {
            logger.info("lexical index loaded", metadata: [
                "documents": "\(lexical.documents)", "terms": "\(lexical.terms)", "postings": "\(lexical.postings)",
                "bytes": "\(lexical.bytes)", "seconds": "\(lexical.loadSeconds)", "source": "\(lexical.source)"])
            if let reason = lexical.snapshotRejected {
                logger.warning("lexical snapshot not used", metadata: ["reason": "\(reason)"])
            }
        }
        let (directorySeconds, vocabularySeconds) = try await structureSeconds
        logger.info("catalog structures loaded", metadata: [
            "directory_s": "\(directorySeconds)", "term_frequencies_s": "\(termSeconds)",
            "vocabulary_s": "\(vocabularySeconds)", "appearances": "\(directory.count)"])
        return RetrievalStack(store: store, catalogStore: wrap?(store) ?? store, events: events, directory: directory, graph: graph, encoder: encoder, summarizer: summarizer,
                              report: report, reencode: reencode, options: options, logger: logger)
    }

    /// Seconds `body` took.
    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let clock = ContinuousClock()
        let started = clock.now
        try await body()
        return (clock.now - started) / .seconds(1)
    }

    /// Fills the filter directory, then feeds the summarizer's vocabulary from one scan of the page texts (not
    /// whole products with their appearances and attributes), analysed on both cores (`catalogDidLoad`: each lane
    /// counts into tables of its own, merged once). Both scans run on reader 1, beside the lexical index's load on
    /// reader 0. Returns the seconds of each.
    static func loadStructures(store: SQLiteCatalogStore, directory: AppearanceDirectory,
                               summarizer: (any TranscriptSummarizing)?) async throws -> (directory: Double, vocabulary: Double) {
        let directorySeconds = try await seconds { try await store.allAppearances(onReader: 1) { directory.insert($0) } }
        let vocabularySeconds = try await seconds {
            guard let summarizer else { return }
            let texts = PageTexts()
            try await store.allPageTexts(onReader: 1) { texts.append($0) }
            summarizer.catalogDidLoad(productTexts: texts.take(), lanes: 2)
        }
        return (directorySeconds, vocabularySeconds)
    }

    /// Re-encodes, in batches, every appearance whose vector was made in another space than `spaceID`.
    static func reembed(store: SQLiteCatalogStore, spaceID: String, batch: Int,
                        reencode: @Sendable ([(text: String, visual: [Float]?)]) async throws -> [[Float]],
                        logger: Logger) async throws {
        var total = 0
        while true {
            let stale = try await store.staleAppearances(spaceID: spaceID, limit: batch)
            guard !stale.isEmpty else { break }
            let vectors = try await reencode(stale.map { ($0.text, $0.visual) })
            try await store.replaceVectors(Array(zip(stale.map(\.key), vectors)).map { ($0, $1) }, spaceID: spaceID)
            total += stale.count
        }
        if total > 0 { logger.notice("re-encoded vectors made in another vector space", metadata: ["count": "\(total)", "space": "\(spaceID)"]) }
    }

    /// Reads the model file at `path`: refused (a log line; the day-zero mode serves) when it cannot be read or was
    /// trained in another vector space (space id or dimension) than `encoder`'s.
    static func loadModel(_ path: String?, encoder: any AppearanceEncoding, logger: Logger) -> (LearnedModel?, String?) {
        guard let path else { return (nil, nil) }
        let model: LearnedModel
        do {
            model = try ModelFile.read(path: path)
        } catch {
            logger.error("recommendation model refused: unreadable; serving the day-zero content mode",
                         metadata: ["file": "\(path)", "error": "\(error)"])
            return (nil, "unreadable: \(error)")
        }
        guard model.spaceID == encoder.spaceID, model.file.inputDimension == encoder.dimension else {
            logger.warning("recommendation model refused: trained in another vector space; serving the day-zero content mode",
                           metadata: ["file": "\(path)", "model_space": "\(model.spaceID)/\(model.file.inputDimension)",
                                      "encoder_space": "\(encoder.spaceID)/\(encoder.dimension)"])
            return (nil, "trained in vector space \(model.spaceID) (\(model.file.inputDimension)-d), the encoder's is \(encoder.spaceID) (\(encoder.dimension)-d)")
        }
        logger.info("recommendation model loaded", metadata: [
            "file": "\(path)", "space": "\(model.spaceID)", "dimension": "\(model.dimension)",
            "trained_at": "\(model.file.trainedAt)", "checksum": "\(model.file.checksum)"])
        return (model, nil)
    }

    /// The page vector of product `id` as the index holds it (what recommendations take as the product), or nil.
    package func pageVector(of id: String) -> [Float]? {
        directory.page(of: id).flatMap { graph.vector(forKey: $0.key) }
    }

    /// Saves a graph snapshot file covering every change this process applied.
    @discardableResult
    package func saveSnapshot() async throws -> IndexSnapshotSaved { try await store.saveSnapshot(of: graph) }
}

/// Page texts gathered on the reader's queue for the vocabulary build.
private final class PageTexts: Sendable {
    private let texts = Mutex<[String]>([])
    func append(_ text: String) { texts.withLock { $0.append(text) } }
    func take() -> [String] { texts.withLock { $0 } }
}
