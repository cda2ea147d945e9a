import Foundation
import Retrieval

/// The `POST /search` body, as the API contract defines it.
package struct SearchBody: Decodable, Sendable {
    package var text: String?
    package var asr: String?
    package var images: [String]?
    package var vector: [Double]?
    package var like: String?
    package var k: Int?
    package var filter: FilterBody?
    package var mode: String?
    package var ef: Int?

    /// The `filter` object.
    package struct FilterBody: Decodable, Sendable {
        package var domain: [String]?
        package var category: String?
        package var brand: String?
        package var price: PriceBody?
    }

    /// The `filter.price` range.
    package struct PriceBody: Decodable, Sendable {
        package var gte: Double?
        package var lte: Double?
    }

    /// Validates the body against `limits`; `defaultMode` applies when `mode` is absent.
    package func query(limits: InputLimits, defaultMode: SearchMode) throws(RetrievalError) -> SearchQuery {
        let text = self.text.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        let asr = self.asr.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        let hasText = text != nil, hasASR = asr != nil
        guard hasText || hasASR || !(images ?? []).isEmpty || vector != nil || like != nil else {
            throw .invalid(code: .emptyQuery, message: "give at least one of text, asr, images, vector, like")
        }
        try Check.length(text, max: limits.maxTextLength, field: "text")
        try Check.length(asr, max: limits.maxTranscriptLength, field: "asr")
        let k = k ?? 10
        guard (1...limits.maxK).contains(k) else { throw .invalid(message: "field 'k' must be between 1 and \(limits.maxK)") }
        if let ef, !(1...limits.maxEf).contains(ef) {
            throw .invalid(message: "field 'ef' must be between 1 and \(limits.maxEf)")
        }
        guard (images ?? []).count <= limits.maxImages else {
            throw .tooLarge(code: .tooManyImages, message: "at most \(limits.maxImages) images per query are allowed")
        }
        // Checked after narrowing to Float: 1e300 is a finite Double but an infinite Float.
        let floats = vector?.map { Float($0) }
        if let floats {
            guard !floats.isEmpty, floats.count <= Self.maxVectorLength, floats.allSatisfy(\.isFinite) else {
                throw .invalid(code: .invalidVector,
                               message: "field 'vector' must be 1-4096 numbers, each finite as a 32-bit float (|x| < 3.4e38)")
            }
        }
        if let like, !InputLimits.isValidID(like) {
            throw .invalid(code: .invalidID, message: "field 'like' must be a product id")
        }
        var searchMode = defaultMode
        if let mode {
            guard let parsed = SearchMode(rawValue: mode) else {
                throw .invalid(message: "field 'mode' must be \"vector\" or \"hybrid\"")
            }
            searchMode = parsed
        }
        return SearchQuery(text: text, asr: asr, images: try Check.images(images ?? [], limits: limits, field: "images"),
                           vector: floats, like: like, k: k, filter: try filter?.filter() ?? SearchFilter(),
                           mode: searchMode, ef: ef)
    }
}

extension SearchBody.FilterBody {
    func filter() throws(RetrievalError) -> SearchFilter {
        var domains: Set<Domain>?
        if let domain {
            var set = Set<Domain>()
            for name in domain {
                guard let d = Domain(rawValue: name) else {
                    throw .invalid(message: "field 'filter.domain' holds '\(name)'; use page, video or live")
                }
                set.insert(d)
            }
            domains = set
        }
        if let gte = price?.gte, let lte = price?.lte, gte > lte {
            throw .invalid(message: "field 'filter.price' has gte greater than lte")
        }
        return SearchFilter(domains: domains, category: category, brand: brand, priceMin: price?.gte, priceMax: price?.lte)
    }
}
