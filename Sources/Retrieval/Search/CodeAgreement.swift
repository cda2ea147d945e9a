/// Re-weighs fused hits by whether the numbers and model codes in a candidate's title appear in a written query.
///
/// Listings of neighbouring products differ mostly in their codes ("Sigma 14mm F1.8" vs "Sigma 50mm F1.4",
/// "2960X-24PS-L" vs "2960X-24TS-L", "TL-SG105" vs "TL-SG105E"), and both the embedding and BM25 see those as a
/// small part of an otherwise identical text. A title term holding a digit that the query never mentions is
/// evidence against the candidate: its fused score is divided by `1 + strength * missing / codes`, where
/// `codes` is the number of distinct such terms in the title. Titles without digits are left alone, so products
/// that carry no codes are not penalised.
///
/// Applied to written `text` only: transcripts speak numbers as words and drop or mishear codes, so their
/// absence there is weak evidence.
public struct CodeAgreement: Sendable {
    /// Strength of the penalty; 0 turns it off.
    public var strength: Double

    /// Creates the re-weighting.
    public init(strength: Double) { self.strength = strength }

    /// The distinct terms of `title` that contain a digit (`LexicalAnalyzer.baseTerms`).
    public static func codes(_ title: String) -> Set<String> {
        LexicalAnalyzer.digitTerms(title)
    }

    /// The first `depth` hits of `ranked` re-weighed and re-sorted among themselves (stable: ties keep their order);
    /// the rest follow unchanged. `queryTerms` are the query's terms (`LexicalAnalyzer.terms`, which include joined
    /// codes and letter/digit parts); `title` gives a product's title.
    public func rerank(_ ranked: [(id: String, score: Double)], queryTerms: Set<String>, depth: Int = .max,
                       title: (String) -> String?) -> [(id: String, score: Double)] {
        rerank(ranked, queryTerms: queryTerms, depth: depth, titleCodes: { title($0).map(Self.codes) })
    }

    /// `rerank(_:queryTerms:depth:title:)` with each product's title codes (`codes(title)`) already at hand, as
    /// `AppearanceDirectory.Entry.titleCodes` keeps them: no title is analysed per query.
    public func rerank(_ ranked: [(id: String, score: Double)], queryTerms: Set<String>, depth: Int = .max,
                       titleCodes: (String) -> Set<String>?) -> [(id: String, score: Double)] {
        guard strength > 0, !ranked.isEmpty else { return ranked }
        let head = ranked.prefix(max(1, depth))
        let weighed = head.enumerated().map { offset, hit -> (id: String, score: Double, offset: Int) in
            guard let codes = titleCodes(hit.id), !codes.isEmpty else { return (hit.id, hit.score, offset) }
            let missing = codes.reduce(0) { $0 + (queryTerms.contains($1) ? 0 : 1) }
            let factor = 1 + strength * Double(missing) / Double(codes.count)
            // Fused scores are positive; a cosine may be negative, and dividing it would raise it.
            return (hit.id, hit.score >= 0 ? hit.score / factor : hit.score * factor, offset)
        }
        return weighed.sorted { $0.score != $1.score ? $0.score > $1.score : $0.offset < $1.offset }
            .map { (id: $0.id, score: $0.score) } + ranked.dropFirst(head.count)
    }
}
