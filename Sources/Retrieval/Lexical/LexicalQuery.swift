/// The BM25 side of a query: its content terms with how often each counts, pruned to the most informative ones
/// once the catalog's document frequencies are known.
///
/// A long text query (a whole listing: title and description) has a hundred or more distinct terms. OR-ing them
/// all makes FTS5 walk the posting list of every common word and score most of the catalog, while BM25 gives
/// those words almost no weight anyway. Keeping the `maxTerms` rarest terms that occur in the catalog at all
/// (highest IDF) keeps what decides the ranking (model numbers, brands, product nouns) and bounds the cost.
public struct LexicalQuery: Sendable, Equatable {
    /// One distinct term and how many times it counts in the BM25 query.
    public struct Term: Sendable, Equatable {
        /// The term, as `LexicalAnalyzer.terms` spells it.
        public var text: String
        /// Repeats in the query, at least 1 (capped by the caller's `maxRepeat`).
        public var count: Int

        package init(text: String, count: Int) {
            self.text = text
            self.count = count
        }
    }

    /// Distinct content terms in order of first appearance.
    public var terms: [Term]

    /// The content terms of `text` (stop words and one-letter Latin terms dropped), each counted
    /// `min(occurrences, maxRepeat)` times; nil when nothing is left to match.
    public init?(text: String, maxRepeat: Int = 2) {
        // One hash per repeated term and two per new one (a slot in `order`), and the stop-word set only for terms
        // short enough to be in it: the query's terms are counted on the request's critical path.
        var slot: [String: Int] = [:]
        var order: [Term] = []
        for term in LexicalAnalyzer.terms(text) {
            if Self.isOneLetter(term) { continue }
            if let i = slot[term] {
                order[i].count += 1
                continue
            }
            if Self.isStopWord(term) { continue }
            slot[term] = order.count
            order.append(Term(text: term, count: 1))
        }
        guard !order.isEmpty else { return nil }
        let cap = max(1, maxRepeat)
        terms = order.map { Term(text: $0.text, count: min($0.count, cap)) }
    }

    /// Whether a query can hold `term` (a term of `LexicalAnalyzer.terms`): neither a stop word nor a one-letter
    /// Latin term. An index may leave every other term out.
    public static func isContentTerm(_ term: String) -> Bool { !isOneLetter(term) && !isStopWord(term) }

    @inline(__always)
    static func isOneLetter(_ term: String) -> Bool {
        // One scalar takes at most 4 bytes, so longer terms skip counting scalars.
        term.utf8.count <= 4 && term.unicodeScalars.count < 2
            && !(term.unicodeScalars.first.map(LexicalAnalyzer.isCJKScalar) ?? false)
    }

    @inline(__always)
    static func isStopWord(_ term: String) -> Bool {
        term.utf8.count <= StopWords.maxLength && StopWords.english.contains(term)
    }

    /// The terms worth sending to BM25, in query order: at most `maxTerms` of those that occur in at least one
    /// document, rarest first (ties keep query order). `documentFrequency` gives the number of documents holding a
    /// term (0 when none does); pass nil to skip pruning by frequency (then the first `maxTerms` terms are kept).
    ///
    /// `maxDocumentFrequency` leaves out common terms, those held by more documents than that, as long as a rarer
    /// term remains (otherwise the rarest term alone is kept). A term in more than a tenth of the catalog has an
    /// IDF under ln 9 against ~8 for a code that names one product, so it barely moves the ranking, yet BM25 must
    /// score every document it matches: on the dev catalog, dropping terms held by over 10% of the appearances
    /// cut the rows BM25 scores at p99 from 1,894 to 1,078 (the same recall, within 0.2 points).
    ///
    /// The store renders the kept terms in its own query language (Storage's `FTS5Match`).
    public func selectedTerms(maxTerms: Int, documentFrequency: [String: Int]?, maxDocumentFrequency: Int? = nil) -> [Term] {
        var kept = Array(terms.enumerated())
        if let df = documentFrequency {
            kept = kept.filter { (df[$0.element.text] ?? 0) > 0 }
            if let cap = maxDocumentFrequency {
                let rare = kept.filter { df[$0.element.text]! <= cap }
                if !rare.isEmpty {
                    kept = rare
                } else if let rarest = kept.min(by: { df[$0.element.text]! < df[$1.element.text]! }) {
                    kept = [rarest]
                }
            }
            if kept.count > maxTerms {
                kept.sort { a, b in
                    let fa = df[a.element.text]!, fb = df[b.element.text]!
                    return fa != fb ? fa < fb : a.offset < b.offset
                }
                kept = Array(kept.prefix(maxTerms)).sorted { $0.offset < $1.offset }
            }
        } else if kept.count > maxTerms {
            kept = Array(kept.prefix(maxTerms))
        }
        return kept.map(\.element)
    }
}
