#if canImport(Glibc)
import Glibc
#endif

/// An immutable view of the catalog vocabulary, taken once per summary (copy-on-write makes it O(1)).
public struct VocabularySnapshot: Sendable {
    /// Products currently counted.
    public internal(set) var documentCount: Int = 0
    /// Term -> number of products whose text holds it (words and CJK bigrams).
    public internal(set) var documentFrequency: [String: Int] = [:]
    /// Brand term -> number of products of that brand.
    public internal(set) var brandFrequency: [String: Int] = [:]
    /// Model code ("wh1000xm4") -> number of products.
    public internal(set) var modelFrequency: [String: Int] = [:]

    /// Products holding `term`.
    public func df(_ term: String) -> Int { documentFrequency[term] ?? 0 }

    /// Inverse document frequency, 0 for terms the catalog never uses.
    public func idf(_ term: String) -> Double {
        guard let df = documentFrequency[term], df > 0 else { return 0 }
        return log(1 + Double(documentCount) / Double(df))
    }

    /// Whether `term` is (part of) some product's brand.
    public func isBrand(_ term: String) -> Bool { (brandFrequency[term] ?? 0) > 0 }

    /// Whether `code` is a model code of some product.
    public func isModelCode(_ code: String) -> Bool { (modelFrequency[code] ?? 0) > 0 }

    /// Whether the catalog knows `term` at all.
    public func contains(_ term: String) -> Bool { (documentFrequency[term] ?? 0) > 0 }
}
