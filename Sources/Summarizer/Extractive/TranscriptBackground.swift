import Synchronization

/// Learns the "background" of host speech from the transcripts the summarizer sees, so chit-chat a fixed word list
/// misses ("my assistant is bringing the next box", "we are almost at ten thousand") is recognised in any shop.
///
/// A term is background when it occurs in a large share of transcripts and is much more common in transcripts than
/// in the catalog: product words recur in the catalog too, host phrases do not. Unsupervised and online (no labels):
/// each learned transcript adds its distinct terms. Until `minTranscripts` have been learned nothing is background.
///
/// Bounded and hard to steer: document frequencies live in count-min sketches of fixed size (`width` x 4 counters,
/// 1 MiB each by default) however many distinct terms arrive, so no eviction rule can be defeated by repeating
/// tokens; a sketch only over-counts, by about (terms learned) / `width` per term, far below the share a term
/// needs. Stored transcripts (the write path) and query transcripts are counted apart: a stored transcript is
/// judged by what was stored alone, so a read key repeating transcripts that name a brand cannot make that brand
/// "noise" in stored summaries; a query is judged by both, because a catalog of product pages has no stored
/// transcripts and the queries are then the only host speech there is to learn from.
public final class TranscriptBackground: Sendable {
    /// Thresholds.
    public struct Options: Sendable {
        /// Transcripts needed before any term is judged.
        public var minTranscripts = 30
        /// Share of transcripts a term must appear in.
        public var minShare = 0.02
        /// How many times more common (as a share) in transcripts than in catalog products.
        public var minRatio = 20.0
        /// Counters per row of the sketch (rounded up to a power of two).
        public var width = 1 << 16
        /// Creates the defaults.
        public init() {}
    }

    static let depth = 4

    /// Where a transcript comes from.
    public enum Origin: Sendable {
        /// An appearance being stored (a write key).
        case stored
        /// A query (`/search`, `/embed`, `/summarize`: a read key).
        case query
    }

    private struct Counts {
        var stored = 0, queries = 0
        var storedCounts: [UInt32], queryCounts: [UInt32]
    }

    /// The thresholds in use.
    public let options: Options
    private let mask: Int
    private let state: Mutex<Counts>

    /// Creates an empty background.
    public init(options: Options = Options()) {
        self.options = options
        var width = 1
        while width < max(64, options.width) { width <<= 1 }
        mask = width - 1
        let empty = [UInt32](repeating: 0, count: width * Self.depth)
        state = Mutex(Counts(storedCounts: empty, queryCounts: empty))
    }

    /// Transcripts learned so far (stored and queries).
    public var transcriptCount: Int { state.withLock { $0.stored + $0.queries } }

    /// Bytes the sketches hold (fixed at creation).
    public var memoryBytes: Int { 2 * (mask + 1) * Self.depth * MemoryLayout<UInt32>.size }

    /// Counts one transcript's distinct `terms`.
    public func learn(_ terms: Set<String>, from origin: Origin = .stored) {
        let rows = terms.map(counters)
        state.withLock { s in
            switch origin {
            case .stored:
                s.stored += 1
                for row in rows { for c in row where s.storedCounts[c] < UInt32.max { s.storedCounts[c] += 1 } }
            case .query:
                s.queries += 1
                for row in rows { for c in row where s.queryCounts[c] < UInt32.max { s.queryCounts[c] += 1 } }
            }
        }
    }

    /// The `terms` that are background now for a transcript of `origin`; learns nothing.
    public func judge(_ terms: Set<String>, vocabulary: VocabularySnapshot, for origin: Origin = .stored) -> Set<String> {
        let rows = terms.map { ($0, counters($0)) }
        return state.withLock { s in
            let transcripts = origin == .stored ? s.stored : s.stored + s.queries
            guard transcripts >= options.minTranscripts else { return [] }
            let n = Double(transcripts), products = Double(vocabulary.documentCount + 1)
            var noise: Set<String> = []
            for (t, row) in rows {
                let df = origin == .stored ? row.map { s.storedCounts[$0] }.min() ?? 0
                    : row.map { Int(s.storedCounts[$0]) + Int(s.queryCounts[$0]) }.min().map(UInt32.init) ?? 0
                let share = Double(df) / n
                let catalogShare = Double(vocabulary.df(t) + 1) / products
                if share >= options.minShare && share >= options.minRatio * catalogShare { noise.insert(t) }
            }
            return noise
        }
    }

    /// Learns `terms`, then judges them (one transcript of `origin`).
    public func observe(_ terms: Set<String>, vocabulary: VocabularySnapshot, from origin: Origin = .stored) -> Set<String> {
        learn(terms, from: origin)
        return judge(terms, vocabulary: vocabulary, for: origin)
    }

    /// The term's counter in each row: double hashing over one 64-bit hash (Hasher is seeded per process, which
    /// is fine for counts that live only in memory).
    private func counters(_ term: String) -> [Int] {
        var hasher = Hasher()
        hasher.combine(term)
        let h = UInt64(bitPattern: Int64(hasher.finalize()))
        let h1 = Int(truncatingIfNeeded: h & 0xFFFF_FFFF), h2 = Int(truncatingIfNeeded: h >> 32) | 1
        let width = mask + 1
        return (0..<Self.depth).map { row in row * width + ((h1 &+ row &* h2) & mask) }
    }
}
