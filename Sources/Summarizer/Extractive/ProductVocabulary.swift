import Dispatch
import Synchronization

/// The catalog-derived vocabulary the extractive summarizer scores transcripts against.
///
/// Thread-safe and incrementally updatable: the catalog service reports each stored and removed product text
/// (through `Summarizer.catalogDidAdd/Remove`), so the de-noiser adapts to whatever the store sells. Counts are a
/// multiset: removing a text subtracts exactly what adding the same text added (term extraction is deterministic).
public final class ProductVocabulary: Sendable {
    private let state = Mutex(VocabularySnapshot())

    /// Creates an empty vocabulary.
    public init() {}

    /// A consistent view for one summary (O(1): copy-on-write).
    public func snapshot() -> VocabularySnapshot { state.withLock { $0 } }

    /// Number of product texts counted.
    public var productCount: Int { state.withLock { $0.documentCount } }

    /// Counts one product's text.
    public func add(_ text: ProductText) {
        let entry = Entry(text)
        state.withLock { entry.apply(to: &$0, delta: 1) }
    }

    /// Counts many texts (a catalog loaded at start-up): each of `lanes` threads counts every lanes-th text into
    /// tables of its own, merged into the vocabulary once at the end (no lock per text). The same counts as
    /// `add` on each text.
    public func add(contentsOf texts: [ProductText], lanes: Int) {
        let lanes = max(1, min(lanes, texts.count))
        guard lanes > 1 else { for text in texts { add(text) }; return }
        // One slot per lane, each written by its lane only, read after `concurrentPerform` returns.
        let parts = UnsafeMutablePointer<VocabularySnapshot>.allocate(capacity: lanes)
        parts.initialize(repeating: VocabularySnapshot(), count: lanes)
        defer { parts.deinitialize(count: lanes); parts.deallocate() }
        nonisolated(unsafe) let slots = parts
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            var local = VocabularySnapshot()
            var i = lane
            while i < texts.count {
                Entry(texts[i]).apply(to: &local, delta: 1)
                i += lanes
            }
            slots[lane] = local
        }
        state.withLock { s in
            for lane in 0..<lanes {
                let p = parts[lane]
                s.documentCount += p.documentCount
                s.documentFrequency.merge(p.documentFrequency, uniquingKeysWith: +)
                s.brandFrequency.merge(p.brandFrequency, uniquingKeysWith: +)
                s.modelFrequency.merge(p.modelFrequency, uniquingKeysWith: +)
            }
        }
    }

    /// Un-counts a text added earlier; a text never added changes nothing.
    public func remove(_ text: ProductText) {
        let entry = Entry(text)
        state.withLock { s in
            // Only subtract what is there, so a stray remove cannot drive counts negative or skew other products.
            guard s.documentCount > 0, entry.terms.allSatisfy({ (s.documentFrequency[$0] ?? 0) > 0 }) else { return }
            entry.apply(to: &s, delta: -1)
        }
    }

    /// The distinct terms, brands and model codes of one product text.
    struct Entry {
        var terms: Set<String>
        var brands: Set<String>
        var models: Set<String>

        init(_ text: ProductText) {
            let all = ([text.title, text.brand ?? ""] + text.details).joined(separator: " \n ")
            terms = Set(TextTokenizer.matchTerms(all))
            if !all.utf8.allSatisfy({ $0 < 0x80 }) {  // CJK characters are never ASCII
                let words = TextTokenizer.words(all)
                for (a, b) in zip(words, words.dropFirst()) where a.count == 1 && b.count == 1 && a.first!.isCJK && b.first!.isCJK {
                    terms.insert(a + b)  // CJK bigrams: Chinese has no spaces, so words are approximated by character pairs
                }
            }
            brands = Set(TextTokenizer.words(text.brand ?? ""))
            models = Set(TextTokenizer.modelCodes(([text.title] + text.details).joined(separator: " ")))
            terms.formUnion(models)
        }

        func apply(to s: inout VocabularySnapshot, delta: Int) {
            s.documentCount += delta
            Self.bump(&s.documentFrequency, terms, delta)
            Self.bump(&s.brandFrequency, brands, delta)
            Self.bump(&s.modelFrequency, models, delta)
        }

        private static func bump(_ table: inout [String: Int], _ keys: Set<String>, _ delta: Int) {
            for k in keys {
                let v = (table[k] ?? 0) + delta
                table[k] = v > 0 ? v : nil
            }
        }
    }
}
