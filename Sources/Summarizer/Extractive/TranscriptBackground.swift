import Synchronization

/// Learns the "background" of host speech from the transcripts the summarizer sees, so chit-chat a fixed word list
/// misses ("my assistant is bringing the next box", "we are almost at ten thousand") is recognised in any shop.
///
/// A term is background when it occurs in a large share of transcripts and is much more common in transcripts than
/// in the catalog: product words recur in the catalog too, host phrases do not. Unsupervised and online (no labels):
/// each summarized transcript adds its distinct terms. Until `minTranscripts` have been seen nothing is background.
public final class TranscriptBackground: Sendable {
    /// Thresholds.
    public struct Options: Sendable {
        /// Transcripts needed before any term is judged.
        public var minTranscripts = 30
        /// Share of transcripts a term must appear in.
        public var minShare = 0.02
        /// How many times more common (as a share) in transcripts than in catalog products.
        public var minRatio = 20.0
        /// Distinct terms tracked; beyond this, terms seen only once are forgotten.
        public var maxTerms = 200_000
        /// Creates the defaults.
        public init() {}
    }

    /// The thresholds in use.
    public let options: Options
    private let state = Mutex<(transcripts: Int, df: [String: Int])>((0, [:]))

    /// Creates an empty background.
    public init(options: Options = Options()) { self.options = options }

    /// Transcripts observed so far.
    public var transcriptCount: Int { state.withLock { $0.transcripts } }

    /// Counts one transcript's distinct `terms` and returns those that are background.
    public func observe(_ terms: Set<String>, vocabulary: VocabularySnapshot) -> Set<String> {
        state.withLock { s in
            s.transcripts += 1
            for t in terms { s.df[t, default: 0] += 1 }
            if s.df.count > options.maxTerms { s.df = s.df.filter { $0.value > 1 } }
            guard s.transcripts >= options.minTranscripts else { return [] }
            let n = Double(s.transcripts), products = Double(vocabulary.documentCount + 1)
            return terms.filter { t in
                let share = Double(s.df[t] ?? 0) / n
                let catalogShare = Double(vocabulary.df(t) + 1) / products
                return share >= options.minShare && share >= options.minRatio * catalogShare
            }
        }
    }
}
