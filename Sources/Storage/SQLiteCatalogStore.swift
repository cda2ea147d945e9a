import CSQLite
import CSQLiteRank
import Dispatch
import Retrieval

/// The catalog on SQLite: one writer connection (its own queue) and a few read-only connections for lookups
/// and lexical search, which WAL lets run while the writer commits.
public final class SQLiteCatalogStore: @unchecked Sendable {
    let writer: DatabaseQueue
    let readers: [DatabaseQueue]
    /// Each reader's copy of the FTS document frequencies (used only on that reader's queue).
    let termFrequencies: [TermFrequencySnapshot]
    /// BM25 in memory with top-k pruning (`MemoryLexicalIndex`); nil: FTS5 scores every match.
    let memoryLexical: MemoryLexicalIndex?
    private let nextReader = AtomicCounter()
    /// Whether the last catalog write reached the database (for `/health`).
    public let writeHealth = WriteHealth()
    /// When the catalog was last written (for maintenance that waits for quiet, `LexicalIndexShape`).
    public let writeActivity = WriteActivity()
    /// Told after every committed write that queued summary upgrades (the upgrader's pending count between steps).
    public let summaryUpgradeEvents = SummaryUpgradeEvents()
    /// The graph snapshot files and the sequence this process applied.
    public let snapshots: IndexSnapshotter
    /// Where a committed write's in-memory updates run (`afterCommit`: the graph, the filter directory, then the
    /// applied sequence), one at a time in commit order: the writer goes on to the next transaction while the
    /// graph inserts the last one's vectors (an import's SQLite work and HNSW inserts overlap).
    let applyQueue = DispatchQueue(label: "ampere.catalog.apply")

    /// The migrations this adapter needs, for the composition root to register.
    /// Includes the index tables, since every appearance write also writes its vector there.
    public static var migrations: [Migrator.Migration] { IndexSchema.migrations + CatalogSchema.migrations + LexicalSchema.migrations }

    /// Opens the catalog in the database file at `path` (migrated by the caller with `migrations`).
    /// `termFrequencyReload` is the least time between two rebuilds of a reader's copy of the FTS vocabulary by a
    /// search (`TermFrequencySnapshot`); nil (the default): only `refreshTermFrequencies` rebuilds a built copy.
    /// `snapshotDirectory` holds the graph snapshot files (nil: the database file's directory), of which the newest
    /// `keepSnapshots` are kept. `memoryLexicalIndex`: lexical search runs on an in-memory index with top-k pruning
    /// (`MemoryLexicalIndex`, loaded by the first `refreshTermFrequencies` or search) instead of FTS5's ranking.
    public init(path: String, readers: Int = 2, synchronous: Database.Synchronous = .full,
                termFrequencyReload: Duration? = nil, snapshotDirectory: String? = nil, keepSnapshots: Int = 2,
                memoryLexicalIndex: Bool = true) throws {
        self.writer = try DatabaseQueue(path: path, label: "ampere.catalog.writer", synchronous: synchronous)
        self.snapshots = IndexSnapshotter(database: writer, directory: snapshotDirectory, keep: keepSnapshots)
        // Its snapshot file sits beside the graph's (`LexicalSnapshot`).
        self.memoryLexical = memoryLexicalIndex ? MemoryLexicalIndex(snapshotDirectory: snapshots.directory) : nil
        self.readers = try (0..<max(1, readers)).map { i in
            let queue = try DatabaseQueue(path: path, label: "ampere.catalog.reader\(i)", synchronous: synchronous)
            try queue.sync { db in
                // Document frequencies of the FTS terms, for pruning long queries (a view over the index, in temp).
                try db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.appearance_vocab USING fts5vocab(main, 'appearance_fts', 'row')")
                // BM25 with weighted phrases and caller-supplied document frequencies (CSQLiteRank/ampere_bm25.c).
                let rc = csqliterank_register(db.handle)
                guard rc == SQLITE_OK else { throw SQLiteError(code: rc, message: "cannot register ampere_bm25", sql: nil) }
                try db.execute("PRAGMA query_only = 1")
            }
            return queue
        }
        self.termFrequencies = self.readers.map { _ in TermFrequencySnapshot(reloadInterval: termFrequencyReload) }
    }

    /// The writer connection's queue, for other adapters sharing the file (e.g. the summary cache).
    public var writerQueue: DatabaseQueue { writer }

    /// The reader connections (WAL: they see committed data and never wait for the writer).
    public var readerQueues: [DatabaseQueue] { readers }

    func reader() -> DatabaseQueue { readers[nextReader.next() % readers.count] }

    /// Builds (or rebuilds, if the catalog changed since) every reader's copy of the FTS document frequencies, off
    /// the search path: at start, so the first searches do not each pay for a vocabulary scan (~40 ms per reader on
    /// the dev catalog), and once writes go quiet, so searches stop falling back to the per-query lookup.
    /// With the in-memory lexical index, loads it (first call) or brings it up to date and prunes the change
    /// log it has applied, instead.
    public func refreshTermFrequencies() async throws {
        if let memory = memoryLexical {
            if try await readers[0].run({ db in try memory.catchUp(db) }) {
                if let applied = memory.appliedSequence {
                    try await writer.run { db in try db.run("DELETE FROM lexical_log WHERE seq <= ?", [applied]) }
                }
                return
            }
        }
        for (i, reader) in readers.enumerated() {
            let snapshot = termFrequencies[i]
            try await reader.run { db in try snapshot.refresh(db: db) }
        }
    }

    public func product(id: String) async throws -> Product? {
        try await reader().run { db in try CatalogRows.product(db, id: id) }
    }

    public func products(after cursor: String?, limit: Int) async throws -> [Product] {
        try await reader().run { db in
            let ids = try db.cached("SELECT id FROM products WHERE id > ? ORDER BY id LIMIT ?")
                .rows([cursor ?? "", limit]) { $0.string(0) }
            return try ids.compactMap { try CatalogRows.product(db, id: $0) }
        }
    }

    public func productCount() async throws -> Int {
        try await reader().run { db in try db.cached("SELECT count(*) FROM products").first { $0.int(0) } ?? 0 }
    }

    public func appearanceRecords(productID: String) async throws -> [StoredAppearanceRecord] {
        try await reader().run { db in
            try db.cached(CatalogRows.recordSelect + " WHERE p.id = ? ORDER BY a.ordinal")
                .rows([productID], CatalogRows.record)
        }
    }

    public func allAppearances(_ body: @escaping @Sendable (StoredAppearanceRecord) -> Void) async throws {
        try await allAppearances(onReader: nextReader.next(), body)
    }

    /// `allAppearances` on reader connection `slot` (modulo the reader count), so that start-up scans running
    /// at the same time use different connections (the lexical index loads on reader 0).
    public func allAppearances(onReader slot: Int, _ body: @escaping @Sendable (StoredAppearanceRecord) -> Void) async throws {
        try await readers[slot % readers.count].run { db in
            // Metadata only: the vectors go to the index through `loadIndex`, not through here.
            let statement = try db.cached(CatalogRows.metadataSelect + " ORDER BY a.key")
            try statement.bind([])
            while try statement.step() { body(try CatalogRows.record(Row(statement: statement))) }
        }
    }

    /// Every product's page text (what the summarizer's vocabulary counts), in one scan.
    public func allPageTexts(_ body: @escaping @Sendable (String) -> Void) async throws {
        try await allPageTexts(onReader: nextReader.next(), body)
    }

    /// `allPageTexts` on reader connection `slot` (modulo the reader count).
    public func allPageTexts(onReader slot: Int, _ body: @escaping @Sendable (String) -> Void) async throws {
        try await readers[slot % readers.count].run { db in
            let statement = try db.cached("SELECT text FROM appearances WHERE domain = 'page'")
            try statement.bind([])
            while try statement.step() { body(Row(statement: statement).string(0)) }
        }
    }

    /// BM25 over appearance text for an FTS5 expression (`FTS5Match`), best first, restricted by `filter`.
    public func lexicalSearch(match: String, filter: SearchFilter, limit: Int,
                              weights: LexicalWeights = LexicalWeights()) async throws -> [(key: Int64, score: Double)] {
        let (query, bound) = Self.lexicalSQL(match: match, filter: filter, limit: limit, weights: weights)
        return try await reader().run { db in
            try db.cached(query).rows(bound) { (key: $0.int64(0), score: -$0.double(1)) }
        }
    }

    /// The in-memory lexical index's size (nil when it is off or not loaded yet).
    /// Writes the in-memory lexical index to its snapshot file (brought up to date first, on reader 0) and records
    /// it, so the next start maps it back instead of analysing every FTS row; nil when there is nothing to write
    /// (no in-memory index, one that cannot serve, or the recorded snapshot is already at this sequence). The
    /// server calls it at a graceful shutdown.
    @discardableResult
    public func saveLexicalSnapshot() async throws -> LexicalSnapshot.Written? {
        guard let memory = memoryLexical, let directory = memory.snapshotDirectory else { return nil }
        guard let written = try await readers[0].run({ db in try memory.writeSnapshot(db) }) else { return nil }
        do {
            try await writer.run { db in try LexicalSnapshot.record(written, db: db, directory: directory) }
        } catch {
            SnapshotFile.remove(directory: directory, name: written.file)
            throw error
        }
        return written
    }

    public var lexicalIndexStats: LexicalIndexStats? {
        guard let memory = memoryLexical, memory.appliedSequence != nil else { return nil }
        return memory.stats
    }

    /// BM25 through the in-memory index, or, with `exhaustive`, without its pruning (for tests and benchmarks
    /// comparing the two); nil when the index is off or cannot serve.
    public func memoryLexicalSearch(_ lexical: LexicalQuery, maxTerms: Int, maxDocumentFrequency: Int?,
                                    filter: SearchFilter, limit: Int, weights: LexicalWeights,
                                    exhaustive: Bool = false) async throws -> [(key: Int64, score: Double)]? {
        guard let memory = memoryLexical else { return nil }
        return try await reader().run { db in
            guard try memory.catchUp(db) else { return nil }
            return memory.search(lexical, maxTerms: maxTerms, maxDocumentFrequency: maxDocumentFrequency,
                                 filter: filter, limit: limit, weights: weights, exhaustive: exhaustive)
        }
    }

    /// BM25 through FTS5 (`ampere_bm25` over every match), what the in-memory index replaces: the reference.
    public func ftsLexicalSearch(_ lexical: LexicalQuery, maxTerms: Int, maxDocumentFrequency: Int?,
                                 filter: SearchFilter, limit: Int, weights: LexicalWeights) async throws
        -> [(key: Int64, score: Double)] {
        let terms = lexical.terms.map(\.text)
        return try await reader().run { db in
            let frequencies = try TermFrequencySnapshot.lookup(terms, db: db)
            guard let (match, phrases) = FTS5Match.weighted(lexical, maxTerms: maxTerms, documentFrequency: frequencies,
                                                            maxDocumentFrequency: maxDocumentFrequency) else { return [] }
            let (query, bound) = Self.lexicalSQL(match: match, phrases: phrases, filter: filter, limit: limit, weights: weights)
            return try db.cached(query).rows(bound) { (key: $0.int64(0), score: -$0.double(1)) }
        }
    }

    /// Looks up the document frequency of every query term and runs BM25 over the `maxTerms` rarest terms that
    /// occur in the catalog, both on one reader connection.
    public func lexicalSearch(_ lexical: LexicalQuery, maxTerms: Int, maxDocumentFrequency: Int?, filter: SearchFilter,
                              limit: Int, weights: LexicalWeights) async throws -> [(key: Int64, score: Double)] {
        let terms = lexical.terms.map(\.text)
        let i = nextReader.next() % readers.count
        let snapshot = termFrequencies[i]
        let memory = memoryLexical
        return try await readers[i].run { db in
            if let memory, try memory.catchUp(db) {
                return memory.search(lexical, maxTerms: maxTerms, maxDocumentFrequency: maxDocumentFrequency,
                                     filter: filter, limit: limit, weights: weights)
            }
            let frequencies = try snapshot.frequencies(of: terms, db: db)
            guard let (match, phrases) = FTS5Match.weighted(lexical, maxTerms: maxTerms, documentFrequency: frequencies,
                                                            maxDocumentFrequency: maxDocumentFrequency) else { return [] }
            let (query, bound) = Self.lexicalSQL(match: match, phrases: phrases, filter: filter, limit: limit, weights: weights)
            return try db.cached(query).rows(bound) { (key: $0.int64(0), score: -$0.double(1)) }
        }
    }

    /// The BM25 statement for `match` under `filter`, and its bound values. With `phrases` (a weight and a
    /// document frequency per phrase of `match`, in order), scored by `ampere_bm25` (CSQLiteRank/ampere_bm25.c): the same
    /// score as `bm25()` over the expression with each phrase repeated `weight` times, without the repeats and
    /// without a doclist scan per phrase for its IDF (about half the time on the dev catalog); otherwise `bm25()`.
    static func lexicalSQL(match: String, phrases: [(weight: Int, documentFrequency: Int)]? = nil, filter: SearchFilter,
                           limit: Int, weights: LexicalWeights) -> (sql: String, values: [any SQLBindable]) {
        // The column weights are SQL literals; they come from configuration, formatted as numbers. The phrase
        // arguments are bound (one statement per phrase count and filter shape in the statement cache).
        let columns = "\(weights.title), \(weights.brand), \(weights.body)"
        var values: [any SQLBindable] = []
        let rank: String
        if let phrases {
            rank = "ampere_bm25(appearance_fts, \(columns)" + String(repeating: ", ?, ?", count: phrases.count) + ")"
            for phrase in phrases { values += [phrase.weight, phrase.documentFrequency] }
        } else {
            rank = "bm25(appearance_fts, \(columns))"
        }
        var sql = """
            SELECT f.rowid, \(rank) AS s
            FROM appearance_fts f
            """
        var clauses: [String] = ["appearance_fts MATCH ?"]
        values.append(match)
        if !filter.isEmpty {
            sql += " JOIN appearances a ON a.key = f.rowid JOIN products p ON p.pk = a.product_pk"
            if let domains = filter.domains {
                clauses.append("a.domain IN (\(domains.map { _ in "?" }.joined(separator: ",")))")
                values += domains.map(\.rawValue).sorted()
            }
            // The keys are folded in Swift (full Unicode), not with SQLite's ASCII-only lower().
            if let brand = filter.brand { clauses.append("p.brand_key = ?"); values.append(FilterMatcher.key(brand)) }
            if let category = filter.category {
                clauses.append("p.category_key = ?"); values.append(FilterMatcher.key(category))
            }
            if let min = filter.priceMin { clauses.append("p.price >= ?"); values.append(min) }
            if let max = filter.priceMax { clauses.append("p.price <= ?"); values.append(max) }
        }
        sql += " WHERE " + clauses.joined(separator: " AND ") + " ORDER BY s LIMIT ?"
        values.append(limit)
        return (sql, values)
    }
}
