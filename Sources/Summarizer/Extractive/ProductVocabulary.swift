import Retrieval
import Synchronization

/// The catalog-derived vocabulary the extractive summarizer scores transcripts against.
///
/// Thread-safe and incrementally updatable: the catalog service calls `add`/`remove` as products come and go
/// (through the `ProductVocabularySink` port), so the de-noiser adapts to whatever the store sells. Each product's
/// distinct terms are remembered so `remove` and replacing `add` subtract exactly what was added.
public final class ProductVocabulary: ProductVocabularySink {
    private struct Entry {
        var terms: [String]
        var brands: [String]
        var models: [String]
    }
    private struct State {
        var snapshot = VocabularySnapshot()
        var entries: [String: Entry] = [:]
    }
    private let state = Mutex(State())

    /// Creates an empty vocabulary.
    public init() {}

    /// A consistent view for one summary.
    public func snapshot() -> VocabularySnapshot { state.withLock { $0.snapshot } }

    /// Number of products counted.
    public var productCount: Int { state.withLock { $0.entries.count } }

    /// Adds (or replaces) product `id`'s text.
    public func add(productID id: String, text: ProductText) {
        let entry = Self.entry(for: text)
        state.withLock { s in
            if let old = s.entries[id] { Self.apply(old, to: &s.snapshot, delta: -1) }
            s.entries[id] = entry
            Self.apply(entry, to: &s.snapshot, delta: 1)
        }
    }

    /// Removes product `id`; unknown ids are ignored.
    public func remove(productID id: String) {
        state.withLock { s in
            guard let old = s.entries.removeValue(forKey: id) else { return }
            Self.apply(old, to: &s.snapshot, delta: -1)
        }
    }

    private static func entry(for text: ProductText) -> Entry {
        let all = ([text.title, text.brand ?? ""] + text.details).joined(separator: " \n ")
        var terms = Set(TextTokenizer.matchTerms(all))
        let words = TextTokenizer.words(all)
        for (a, b) in zip(words, words.dropFirst()) where a.count == 1 && b.count == 1 && a.first!.isCJK && b.first!.isCJK {
            terms.insert(a + b)  // CJK bigrams: Chinese has no spaces, so words are approximated by character pairs
        }
        let brands = Set(TextTokenizer.words(text.brand ?? ""))
        let models = Set(TextTokenizer.modelCodes(text.title + " " + text.details.joined(separator: " ")))
        terms.formUnion(models)
        return Entry(terms: Array(terms), brands: Array(brands), models: Array(models))
    }

    private static func apply(_ e: Entry, to s: inout VocabularySnapshot, delta: Int) {
        s.documentCount += delta
        bump(&s.documentFrequency, e.terms, delta)
        bump(&s.brandFrequency, e.brands, delta)
        bump(&s.modelFrequency, e.models, delta)
    }

    private static func bump(_ table: inout [String: Int], _ keys: [String], _ delta: Int) {
        for k in keys {
            let v = (table[k] ?? 0) + delta
            table[k] = v > 0 ? v : nil
        }
    }
}
