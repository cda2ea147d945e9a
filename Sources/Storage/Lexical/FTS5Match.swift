import Retrieval

/// Renders Retrieval's lexical queries as FTS5 MATCH expressions: the only place the FTS5 query syntax is written.
///
/// Every term is double-quoted, and terms are letters and digits (`LexicalAnalyzer`), so user text never reaches
/// FTS5 as syntax (operators, `NEAR`, `*`, parentheses).
public enum FTS5Match {
    /// The MATCH expression over the terms `query.selectedTerms` keeps, each quoted and repeated `count` times
    /// (repeats weigh a term more in plain `bm25()`); nil when no term is left.
    public static func expression(_ query: LexicalQuery, maxTerms: Int, documentFrequency: [String: Int]?,
                                  maxDocumentFrequency: Int? = nil) -> String? {
        let kept = query.selectedTerms(maxTerms: maxTerms, documentFrequency: documentFrequency,
                                       maxDocumentFrequency: maxDocumentFrequency)
        guard !kept.isEmpty else { return nil }
        var phrases: [String] = []
        for term in kept {
            for _ in 0..<term.count { phrases.append(quoted(term.text)) }
        }
        return phrases.joined(separator: " OR ")
    }

    /// The same terms, each once, with its count as a weight and its document frequency: what the `ampere_bm25`
    /// ranking function takes (one FTS5 phrase per distinct term, weighted, instead of a phrase repeated `count`
    /// times, and IDFs from these frequencies instead of a doclist scan per phrase). Nil when no term occurs.
    public static func weighted(_ query: LexicalQuery, maxTerms: Int, documentFrequency: [String: Int],
                                maxDocumentFrequency: Int? = nil)
        -> (expression: String, phrases: [(weight: Int, documentFrequency: Int)])? {
        let kept = query.selectedTerms(maxTerms: maxTerms, documentFrequency: documentFrequency,
                                       maxDocumentFrequency: maxDocumentFrequency)
        guard !kept.isEmpty else { return nil }
        return (kept.map { quoted($0.text) }.joined(separator: " OR "),
                kept.map { (weight: $0.count, documentFrequency: documentFrequency[$0.text]!) })
    }

    /// The expression OR-ing the content terms of `text` (at most `maxTerms` distinct ones, repeats up to
    /// `maxRepeat`), or nil when nothing is left to match: stop words and one-letter Latin terms are dropped.
    public static func expression(text: String, maxRepeat: Int = 2, maxTerms: Int = 256) -> String? {
        LexicalQuery(text: text, maxRepeat: maxRepeat).flatMap { expression($0, maxTerms: maxTerms, documentFrequency: nil) }
    }

    static func quoted(_ term: String) -> String { "\"\(term)\"" }
}
