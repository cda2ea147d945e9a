import CSQLite

/// One reader connection's copy of the FTS vocabulary: the number of documents holding each term.
///
/// Pruning a long query needs the document frequency of every query term. Asking `fts5vocab` per query walks the
/// whole posting list of each term (a 150-term listing walks ~20,000 postings, ~9 ms on the dev catalog), and that
/// runs next to the encoder on a 2-core machine. The table changes only when the catalog does, so each reader keeps
/// it in memory, tagged with the connection's `PRAGMA data_version` read *before* the scan: a commit after that read
/// changes the version, so a snapshot is never used for data newer than its tag. When the catalog changed since
/// the snapshot, the exact per-query lookup is used instead. Rebuilding is a scan of the whole vocabulary (~40 ms
/// on the dev catalog, ten times that at the 250k-term cap) that would stall every search queued on the reader, so
/// by default (`reloadInterval` nil) a search builds only a copy that was never built, and `refresh` rebuilds it
/// off the search path (the server does once writes go quiet); with an interval, a search rebuilds a stale copy
/// at most once per interval.
///
/// Used only on its reader connection's queue (inside `DatabaseQueue.run`), hence `@unchecked Sendable`.
final class TermFrequencySnapshot: @unchecked Sendable {
    /// Vocabularies with more distinct terms than this are not copied (memory: ~80 bytes a term, per reader);
    /// searches then use the per-query lookup. The dev catalog has ~28,000.
    let maxTerms: Int
    /// Minimum time between two rebuilds by a search; nil: searches never rebuild a copy once built.
    let reloadInterval: Duration?
    /// The `data_version` the copy was made at (nil: no usable copy).
    private(set) var version: Int64?
    private var frequencies: [String: Int] = [:]
    private var lastLoad: ContinuousClock.Instant?
    private var tooLarge = false

    init(maxTerms: Int = 250_000, reloadInterval: Duration? = nil) {
        self.maxTerms = maxTerms
        self.reloadInterval = reloadInterval
    }

    /// The document frequency of each of `terms` that occurs in the catalog (absent terms occur nowhere).
    func frequencies(of terms: [String], db: Database) throws -> [String: Int] {
        let current = try db.cached("PRAGMA data_version").first { $0.int64(0) }
        if let current, current != version, !tooLarge, mayReloadOnSearch { try reload(version: current, db: db) }
        guard let current, current == version else { return try Self.lookup(terms, db: db) }
        var out: [String: Int] = [:]
        out.reserveCapacity(terms.count)
        for t in terms { if let n = frequencies[t] { out[t] = n } }
        return out
    }

    /// Whether a search may rebuild a stale copy now: always one never built; otherwise once per `reloadInterval`,
    /// and never without one.
    private var mayReloadOnSearch: Bool {
        guard let lastLoad else { return true }
        guard let reloadInterval else { return false }
        return ContinuousClock.now - lastLoad >= reloadInterval
    }

    /// Rebuilds the copy if the catalog changed since it was made (or it was never made).
    func refresh(db: Database) throws {
        let current = try db.cached("PRAGMA data_version").first { $0.int64(0) }
        guard !tooLarge, let current, current != version else { return }
        try reload(version: current, db: db)
    }

    /// Copies the whole vocabulary, tagged with `version` (read before the scan).
    private func reload(version current: Int64, db: Database) throws {
        lastLoad = .now
        version = nil
        frequencies = [:]
        var table: [String: Int] = [:]
        let statement = try db.cached("SELECT term, doc FROM temp.appearance_vocab")
        try statement.bind([])
        while try statement.step() {
            let row = Row(statement: statement)
            table[row.string(0)] = row.int(1)
            if table.count > maxTerms { tooLarge = true; sqlite3_reset(statement.handle); return }
        }
        frequencies = table
        version = current
    }

    /// The exact per-query lookup through `fts5vocab`.
    static func lookup(_ terms: [String], db: Database) throws -> [String: Int] {
        let pairs = try db.cached("SELECT v.term, v.doc FROM json_each(?) j JOIN temp.appearance_vocab v ON v.term = j.value")
            .rows([SQLJSON.array(terms)]) { ($0.string(0), $0.int(1)) }
        return Dictionary(pairs, uniquingKeysWith: { a, _ in a })
    }
}
