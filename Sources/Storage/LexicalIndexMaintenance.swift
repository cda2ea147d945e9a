import CSQLite
import Dispatch
import Synchronization

/// How the FTS5 index is laid out: FTS5 writes every committed transaction as a new segment (a b-tree) and merges
/// them only lazily (`automerge`), so a catalog loaded in batches ends up in a dozen segments, and every query term
/// is then looked up in each of them. On the dev catalog, 11 segments against 1 made a 32-term BM25 query 2.8x
/// slower at the median (2.6 ms against 0.9 ms) and 2x at p99.
public struct LexicalIndexShape: Sendable, Equatable {
    /// Segments (b-trees) in the index.
    public var segments: Int
    /// Leaf pages of all segments, estimated by their `%_idx` rows (one per leaf page that starts a term).
    public var pages: Int
    /// Pages of the largest segment.
    public var largestSegmentPages: Int

    /// Creates a shape.
    public init(segments: Int, pages: Int, largestSegmentPages: Int) {
        self.segments = segments
        self.pages = pages
        self.largestSegmentPages = largestSegmentPages
    }

    /// Whether merging everything into one segment pays for its writes: always for a small index (up to
    /// `smallIndexPages`, a few MB, rewritten in milliseconds), and for a large one once the segments besides the
    /// largest hold a tenth of its size or there are more than 8 of them, so a trickle of writes to a large
    /// catalog does not rewrite the whole index each time (a rewrite per 10% of new data bounds the amplification).
    public func needsMerge(smallIndexPages: Int = 4096) -> Bool {
        guard segments > 1 else { return false }
        return pages <= smallIndexPages || (pages - largestSegmentPages) * 10 >= largestSegmentPages || segments > 8
    }
}

/// When the catalog was last written, for maintenance that waits until writes have gone quiet.
public final class WriteActivity: Sendable {
    private let count = Atomic<Int>(0)
    private let lastNanos = Atomic<UInt64>(DispatchTime.now().uptimeNanoseconds)

    /// Creates the record; the clock starts now, as if a write had just happened.
    public init() {}

    /// Committed catalog writes since start.
    public var writes: Int { count.load(ordering: .acquiring) }

    /// Seconds since the last committed write (or since start).
    public var secondsSinceLastWrite: Double {
        Double(DispatchTime.now().uptimeNanoseconds &- lastNanos.load(ordering: .relaxed)) / 1e9
    }

    func recordWrite() {
        lastNanos.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed)
        count.wrappingAdd(1, ordering: .releasing)
    }
}

extension SQLiteCatalogStore {
    /// The FTS index's current segments.
    public func lexicalIndexShape() async throws -> LexicalIndexShape {
        try await writer.run { db in try Self.lexicalIndexShape(db) }
    }

    static func lexicalIndexShape(_ db: Database) throws -> LexicalIndexShape {
        let sizes = try db.cached("SELECT count(*) FROM appearance_fts_idx GROUP BY segid").rows([]) { $0.int(0) }
        return LexicalIndexShape(segments: sizes.count, pages: sizes.reduce(0, +), largestSegmentPages: sizes.max() ?? 0)
    }

    /// One bounded step of merging every segment into one (FTS5's `'merge'` command with a negative page count:
    /// an incremental `'optimize'` writing about `pages` leaf pages), in its own transaction on the writer, so
    /// catalog writes queue behind one step at most. Returns whether the step did any work (FTS5 changes at least
    /// two rows when it does; a finished index answers with one).
    public func mergeLexicalIndexStep(pages: Int = 256) async throws -> Bool {
        try await writer.run { db in
            let before = sqlite3_total_changes64(db.handle)
            try db.run("INSERT INTO appearance_fts(appearance_fts, rank) VALUES('merge', ?)", [-max(1, pages)])
            return sqlite3_total_changes64(db.handle) - before >= 2
        }
    }

    /// Merges the FTS index into one segment, `pages` at a time, for as long as `proceed` allows (it is asked
    /// before every step). Returns the steps taken and whether the merge finished. Searches keep running meanwhile
    /// (WAL readers see the index as of their transaction); the result is the same index, only in fewer b-trees.
    @discardableResult
    public func mergeLexicalIndex(pagesPerStep pages: Int = 256, proceed: @Sendable () -> Bool = { true })
        async throws -> (steps: Int, finished: Bool) {
        var steps = 0
        while proceed() {
            guard try await mergeLexicalIndexStep(pages: pages) else { return (steps, true) }
            steps += 1
        }
        return (steps, false)
    }
}
