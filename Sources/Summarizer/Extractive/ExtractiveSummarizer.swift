#if canImport(Glibc)
import Glibc
#endif

/// The embedded summarizer: a catalog-aware de-noiser for ASR, used when no LLM is configured or it fails.
///
/// It cleans the transcript (`TranscriptCleaner`), scores every token by how product-like it is in *this*
/// catalog (inverse document frequency, brand and model-code boosts, repetition in the transcript since the product
/// being sold is named again and again while products in passing are named once), then keeps the windows densest
/// in that score and writes their content words once each, in spoken order.
public struct ExtractiveSummarizer: Sendable {
    /// Tunables; the defaults were chosen on the dev set, generically (no phrase lists of that set).
    public struct Options: Sendable {
        /// Tokens per scoring window.
        public var windowTokens = 10
        /// A further window is taken only while its score is at least this share of the best window's.
        public var minWindowShare = 0.25
        /// Words whose catalog IDF is below this are too common to describe a product ("with", "new").
        public var minIDF = 1.0
        /// Score multiplier for brand terms.
        public var brandBoost = 1.5
        /// Score multiplier for model codes the catalog knows.
        public var modelBoost = 2.0
        /// A content word is kept only with at least this many other content tokens within `neighbourRadius`
        /// tokens: product facts come in runs ("plush velvety surface"), chit-chat names a lone word ("thanks ben").
        public var minNeighbours = 1
        /// Tokens either side searched for neighbours.
        public var neighbourRadius = 2
        /// Creates the defaults.
        public init() {}
    }

    /// The tunables in use.
    public var options: Options

    /// Creates a summarizer.
    public init(options: Options = Options()) { self.options = options }

    /// Summarizes `transcript` against `vocabulary` in at most `maxWords` words (CJK characters count 1/2 each).
    /// With a `background`, the transcript is counted there as of `origin` (unless `learn` is false: a second look
    /// at a transcript already counted) and its background terms are dropped.
    public func summarize(_ transcript: String, vocabulary: VocabularySnapshot, maxWords: Int,
                          background: TranscriptBackground? = nil, origin: TranscriptBackground.Origin = .stored,
                          learn: Bool = true) -> String {
        var tokens = TranscriptCleaner(vocabulary: vocabulary).clean(transcript)
        guard !tokens.isEmpty else { return "" }
        if let background {
            let terms = Set(tokens.filter { $0.kind == .word || $0.kind == .number }.map(\.text))
            let noise = learn ? background.observe(terms, vocabulary: vocabulary, from: origin)
                : background.judge(terms, vocabulary: vocabulary, for: origin)
            for i in tokens.indices where (tokens[i].kind == .word || tokens[i].kind == .number) && noise.contains(tokens[i].text) {
                tokens[i].kind = .noise
            }
        }
        let scores = isolateFilter(tokens, score(tokens, vocabulary))
        let chosen = chooseWindows(tokens, scores, maxWords: maxWords)
        return render(tokens, scores, chosen: chosen, maxWords: maxWords)
    }

    func score(_ tokens: [CleanToken], _ v: VocabularySnapshot) -> [Double] {
        var tf: [String: Int] = [:]
        for t in tokens where t.kind != .noise { tf[t.text, default: 0] += 1 }
        var scores = [Double](repeating: 0, count: tokens.count)
        for (i, t) in tokens.enumerated() {
            var s: Double
            switch t.kind {
            case .noise, .unit: s = 0
            case .word:
                s = NoiseLexicon.english.contains(t.text) || t.text.count < 2 ? 0 : v.idf(t.text)
                if s < options.minIDF { s = 0 }
                if s > 0, v.isBrand(t.text) { s *= options.brandBoost }
            case .number:
                s = v.contains(t.text) ? min(v.idf(t.text), 4) : 0.5
                if i + 1 < tokens.count, tokens[i + 1].kind == .unit { s += 1 }
            case .code:
                s = v.isModelCode(t.text) ? v.idf(t.text) * options.modelBoost : (v.contains(t.text) ? v.idf(t.text) : 1)
            case .cjk:
                s = NoiseLexicon.chinese.contains(t.text) ? 0 : cjkScore(tokens, i, v)
            }
            if s > 0 { s *= 1 + 0.5 * log(Double(tf[t.text] ?? 1)) }
            scores[i] = s
        }
        return scores
    }

    /// Zeroes content words with too few content neighbours (codes and numbers with units are exempt: they are
    /// facts even when said alone).
    func isolateFilter(_ tokens: [CleanToken], _ scores: [Double]) -> [Double] {
        guard options.minNeighbours > 0 else { return scores }
        var out = scores
        for i in tokens.indices where scores[i] > 0 && (tokens[i].kind == .word || tokens[i].kind == .cjk) {
            let lo = max(0, i - options.neighbourRadius), hi = min(tokens.count - 1, i + options.neighbourRadius)
            let neighbours = (lo...hi).filter { $0 != i && scores[$0] > 0 }.count
            if neighbours < options.minNeighbours { out[i] = 0 }
        }
        return out
    }

    private func cjkScore(_ tokens: [CleanToken], _ i: Int, _ v: VocabularySnapshot) -> Double {
        var best = 0.0
        if i > 0, tokens[i - 1].kind == .cjk { best = max(best, v.idf(tokens[i - 1].text + tokens[i].text)) }
        if i + 1 < tokens.count, tokens[i + 1].kind == .cjk { best = max(best, v.idf(tokens[i].text + tokens[i + 1].text)) }
        return best >= options.minIDF ? best : 0
    }
}
