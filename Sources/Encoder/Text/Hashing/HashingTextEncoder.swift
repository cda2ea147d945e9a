/// The built-in text branch that needs no files: signed feature hashing of word and character n-grams.
///
/// Features (after BERT's basic normalisation: lowercase, accents stripped, CJK ideographs split,
/// punctuation split off): word unigrams and bigrams; character 3- and 4-grams of each word with boundary
/// marks (so ASR misspellings such as "bluetoth" still share most features with "bluetooth"); and for CJK
/// runs — live-commerce ASR is often Chinese and has no spaces — character unigrams and bigrams.
/// Each feature's count becomes `weight · (1 + ln tf)` (sublinear tf), is added with a hash-derived sign
/// (so collisions cancel in expectation rather than pile up), and the vector is L2-normalised.
/// The hash is a fixed FNV-1a + mixer, never Swift's per-process-seeded `Hasher`, so vectors are stable
/// across runs and can be stored.
public struct HashingTextEncoder: TextEncoder {
    /// Shown in logs and `/health`; bump the version when features change (stored vectors go stale).
    public let name = "hashing-v1"
    /// Vector length.
    public let dimension: Int
    /// Words after which the rest of a text is ignored (bounds the cost of pathological input).
    public let maxWords: Int
    private let basic = BertBasicTokenizer()

    /// `dimension` defaults to 384 so fused vectors have the same shape whichever text branch is active.
    public init(dimension: Int = 384, maxWords: Int = 20_000) {
        precondition(dimension > 0, "HashingTextEncoder: dimension must be positive")
        self.dimension = dimension
        self.maxWords = maxWords
    }

    /// One unit vector per text; a text with no words (empty, blank, only punctuation) gives the zero vector.
    public func encode(_ texts: [String]) throws -> [[Float]] { texts.map(encode) }

    /// Encodes one text.
    public func encode(_ text: String) -> [Float] {
        var features = FeatureCounts()
        var previousWord: [UInt8]?
        var previousCJK: [UInt8]?
        var words = 0
        basic.forEachWord(text) { scalars in
            words += 1
            let word = Array(String(String.UnicodeScalarView(scalars)).utf8)
            if scalars.count == 1 && BertBasicTokenizer.isPunctuation(scalars[0]) {
                previousWord = nil; previousCJK = nil   // punctuation breaks bigrams
            } else if scalars.count == 1 && BertBasicTokenizer.isCJK(scalars[0]) {
                features.add(namespace: 3, word, weight: 1.0)
                if let p = previousCJK { features.add(namespace: 4, p + word, weight: 1.0) }
                previousCJK = word; previousWord = nil
            } else {
                features.add(namespace: 0, word, weight: 1.0)
                if let p = previousWord { features.add(namespace: 1, p + [32] + word, weight: 0.5) }
                Self.characterGrams(word, into: &features)
                previousWord = word; previousCJK = nil
            }
            return words < maxWords
        }
        return features.vector(dimension: dimension)
    }

    /// Character 3- and 4-grams of `^word$` (over UTF-8 bytes; accents are already stripped so Latin text
    /// is mostly ASCII), weighted low so whole-word matches dominate.
    static func characterGrams(_ word: [UInt8], into features: inout FeatureCounts) {
        guard word.count >= 3 else { return }
        let marked = [94] + word + [36]
        for n in 3...4 where marked.count >= n {
            for i in 0...(marked.count - n) { features.add(namespace: 2, marked[i..<(i + n)], weight: 0.25) }
        }
    }
}
