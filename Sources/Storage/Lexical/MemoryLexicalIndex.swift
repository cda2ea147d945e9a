import CSQLite
import Glibc
import Retrieval
import Synchronization

/// The lexical channel's index in memory (`InvertedIndex`), kept equal to the FTS table: loaded from it once, then
/// brought up to date before every search from `lexical_log` (`LexicalSchema`), which triggers fill inside each
/// writing transaction, so a search sees every write its reader connection sees and no other.
///
/// Why not FTS5 itself: `ORDER BY rank` makes FTS5 score every document that matches any query term, so its cost
/// grows with the catalog (76 ms median at 200k products). Here BM25 runs over postings with per-term bounds
/// (MaxScore, `InvertedIndex.topK`) and gives the same top k with the same scores.
final class MemoryLexicalIndex: @unchecked Sendable {
    private let lock = LexicalLock()
    private var index = InvertedIndex()
    /// The log sequence the index reflects (nil: not loaded), and whether it can serve (keys must fit 32 bits).
    private struct State {
        var applied: Int64?
        var usable = true
        var loadSeconds: Double = 0
        /// How the last full load was made: `snapshot` (a file, then the log since) or `fts` (every FTS row).
        var source = "fts"
        /// Why the snapshot file was not used at the last full load (nil: used, or none recorded).
        var rejected: String?
    }
    private let state = Mutex(State())
    /// Where the snapshot files are (`LexicalSnapshot`); nil: never written or read.
    let snapshotDirectory: String?

    /// Changes since the snapshot file beyond which the first load analyses the FTS rows instead (tests lower it).
    nonisolated(unsafe) var maxReplay = LexicalSnapshot.maxReplay

    init(snapshotDirectory: String? = nil) { self.snapshotDirectory = snapshotDirectory }

    /// Loads the index on its first call (from the snapshot file the database names, when the change log still
    /// holds every change since it, else from the FTS table), then applies the logged changes since; `db` is a
    /// reader connection. Returns false when the index cannot serve (a key beyond 32 bits): the caller falls back
    /// to FTS5.
    func catchUp(_ db: Database) throws -> Bool {
        try state.withLock { state in
            guard state.usable else { return false }
            let last = try Self.lastSequence(db)
            if let applied = state.applied, applied == last { return true }
            try db.execute("BEGIN")
            defer { _ = try? db.execute("COMMIT") }
            let last2 = try Self.lastSequence(db)
            let started = ContinuousClock.now
            var fromSnapshot = false
            if state.applied == nil, let directory = snapshotDirectory {
                switch try LexicalSnapshot.load(db, directory: directory, lastSequence: last2, maxReplay: maxReplay) {
                case .loaded(let loaded, let applied):
                    lock.write { index = loaded }
                    state.applied = applied
                    state.rejected = nil
                    fromSnapshot = true
                case .rejected(let reason):
                    state.rejected = reason
                case .none:
                    break
                }
            }
            if let applied = state.applied {
                let changes = try db.cached("SELECT seq, key FROM lexical_log WHERE seq > ? ORDER BY seq")
                    .rows([applied]) { (seq: $0.int64(0), key: $0.int64(1)) }
                // Every change since `applied` is still logged (the first is the next sequence, or there is none
                // and none was made); otherwise rows this index had not applied were pruned: load again.
                if changes.first.map({ $0.seq == applied + 1 }) ?? (last2 == applied) {
                    var seen = Set<Int64>()
                    let keys = changes.map(\.key).filter { seen.insert($0).inserted }
                    let docs = try keys.map { key in (key, try Self.document(db, key: key)) }
                    guard keys.allSatisfy(InvertedIndex.fits) else { state.usable = false; return false }
                    lock.write {
                        for (key, doc) in docs {
                            if let doc { index.add(UInt32(key), doc) } else { index.remove(UInt32(key)) }
                        }
                    }
                    state.applied = changes.last?.seq ?? applied
                    if fromSnapshot {
                        state.source = "snapshot"
                        state.loadSeconds = (ContinuousClock.now - started) / .seconds(1)
                    }
                    return true
                }
                if fromSnapshot { state.rejected = "the change log lost changes made after it" }
            }
            let ok = try lock.write { () throws -> Bool in
                index = InvertedIndex()
                return try Self.loadAll(db, into: index)
            }
            state.usable = ok
            state.applied = last2
            state.source = "fts"
            state.loadSeconds = (ContinuousClock.now - started) / .seconds(1)
            return ok
        }
    }

    /// Brings the index up to date on reader `db`, then writes it to a snapshot file in `snapshotDirectory`
    /// (under the read lock: searches go on, the next catch-up waits). Returns the file for the caller to record
    /// in the database (`LexicalSnapshot.record`), or nil when there is nothing to write (no directory, an index
    /// that cannot serve, or the recorded snapshot is already at this sequence).
    func writeSnapshot(_ db: Database) throws -> LexicalSnapshot.Written? {
        guard let directory = snapshotDirectory, try catchUp(db) else { return nil }
        return try state.withLock { state -> LexicalSnapshot.Written? in
            guard let applied = state.applied else { return nil }
            if let recorded = try LexicalSnapshot.recorded(db), recorded.applied == applied,
               access("\(directory)/\(recorded.file)", R_OK) == 0 { return nil }
            return try lock.read { try LexicalSnapshot.write(index, applied: applied, directory: directory) }
        }
    }

    /// The log position applied (nil before the first load), for pruning.
    var appliedSequence: Int64? { state.withLock { $0.applied } }

    /// What the index holds and costs.
    var stats: LexicalIndexStats {
        let (seconds, source, rejected) = state.withLock { ($0.loadSeconds, $0.source, $0.rejected) }
        return lock.read {
            LexicalIndexStats(documents: index.documentCount, terms: index.vocabulary.count, postings: index.postingCount,
                              bytes: index.bytes, loadSeconds: seconds, source: source, snapshotRejected: rejected)
        }
    }

    /// BM25 as `SQLiteCatalogStore.lexicalSearch` defines it (terms chosen by `selectedTerms` with this index's
    /// document frequencies, IDFs from them, field weights `weights`), top `limit` among documents `filter` accepts.
    func search(_ lexical: LexicalQuery, maxTerms: Int, maxDocumentFrequency: Int?, filter: SearchFilter, limit: Int,
                weights: LexicalWeights, exhaustive: Bool = false) -> [(key: Int64, score: Double)] {
        lock.read {
            var frequencies: [String: Int] = [:]
            for term in lexical.terms {
                let n = index.documentFrequency(term.text)
                if n > 0 { frequencies[term.text] = n }
            }
            let kept = lexical.selectedTerms(maxTerms: maxTerms, documentFrequency: frequencies,
                                             maxDocumentFrequency: maxDocumentFrequency)
            guard !kept.isEmpty, let check = LexicalFilterCheck(filter, in: index) else { return [] }
            let terms = kept.compactMap { term in
                index.postings(term.text).map {
                    WeightedTerm(postings: $0, weight: Double(term.count) * index.idf(documentFrequency: $0.live))
                }
            }
            return index.topK(terms, columns: weights, k: limit, filter: check, exhaustive: exhaustive)
        }
    }

    static func lastSequence(_ db: Database) throws -> Int64 {
        // AUTOINCREMENT's counter: the last sequence handed out, still there when the rows are pruned.
        try db.cached("SELECT seq FROM sqlite_sequence WHERE name = 'lexical_log'").first { $0.int64(0) } ?? 0
    }

    private static let documentColumns = """
        f.title, f.brand, f.body, a.domain, p.brand_key, p.category_key, p.price
        FROM appearance_fts f JOIN appearances a ON a.key = f.rowid JOIN products p ON p.pk = a.product_pk
        """

    private static func document(_ row: Row, from c: Int) -> LexicalDocument {
        LexicalDocument(title: row.isNull(c) ? "" : row.string(c), brand: row.isNull(c + 1) ? "" : row.string(c + 1),
                        body: row.isNull(c + 2) ? "" : row.string(c + 2),
                        domainBit: LexicalFilterCheck.domainBit(rawValue: row.string(c + 3)),
                        brandKey: row.isNull(c + 4) ? nil : row.string(c + 4),
                        categoryKey: row.isNull(c + 5) ? nil : row.string(c + 5),
                        price: row.isNull(c + 6) ? nil : row.double(c + 6))
    }

    /// The FTS row of appearance `key` with its filter fields, or nil when it no longer exists.
    static func document(_ db: Database, key: Int64) throws -> LexicalDocument? {
        try db.cached("SELECT " + documentColumns + " WHERE a.key = ?").first([key]) { document($0, from: 0) }
    }

    /// Every FTS row; false when a key does not fit the index.
    static func loadAll(_ db: Database, into index: InvertedIndex) throws -> Bool {
        let statement = try db.cached("SELECT a.key, " + documentColumns)
        try statement.bind([])
        defer { sqlite3_reset(statement.handle) }
        while try statement.step() {
            let row = Row(statement: statement)
            let key = row.int64(0)
            guard InvertedIndex.fits(key) else { return false }
            index.add(UInt32(key), document(row, from: 1))
        }
        return true
    }
}

/// The in-memory lexical index's size and its last full load.
public struct LexicalIndexStats: Sendable, Equatable {
    /// Documents (FTS rows, one per appearance), distinct indexed terms, postings (deleted ones not yet compacted
    /// included) and bytes held.
    public var documents: Int
    public var terms: Int
    public var postings: Int
    public var bytes: Int
    /// Seconds the last full load took, and where it came from: `snapshot` (the file, then the change log since)
    /// or `fts` (every FTS row analysed again).
    public var loadSeconds: Double
    public var source: String = "fts"
    /// Why a snapshot file the database named was not used (nil: used, or there was none).
    public var snapshotRejected: String?
}
