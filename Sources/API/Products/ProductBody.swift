import Foundation
import Retrieval

/// The `POST /products` body, as the API contract defines it (field names are a contract).
package struct ProductBody: Decodable, Sendable {
    package var id: String
    package var title: String
    package var description: String?
    package var brand: String?
    package var category: String?
    package var price: Double?
    package var currency: String?
    package var attributes: [String: String]?
    package var images: [String]?
    package var media: [MediaBody]?

    /// One `media` entry.
    package struct MediaBody: Decodable, Sendable {
        package var domain: String
        package var asr: String?
        package var frames: [String]?
    }

    /// Validates the body against `limits` and decodes its base64 images.
    package func draft(limits: InputLimits) throws(RetrievalError) -> ProductDraft {
        guard InputLimits.isValidID(id) else {
            throw .invalid(code: .invalidID, message: "id must be 1-128 characters of [A-Za-z0-9._:-]")
        }
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw .invalid(message: "field 'title' must not be empty") }
        try Check.length(title, max: limits.maxTitleLength, field: "title")
        try Check.length(description, max: limits.maxTextLength, field: "description")
        try Check.length(brand, max: limits.maxTitleLength, field: "brand")
        try Check.length(category, max: limits.maxTitleLength, field: "category")
        try Check.length(currency, max: 16, field: "currency")
        if let price, !price.isFinite || price < 0 {
            throw .invalid(message: "field 'price' must be a non-negative number")
        }
        let attributes = attributes ?? [:]
        guard attributes.count <= limits.maxAttributes else {
            throw .tooLarge(message: "at most \(limits.maxAttributes) attributes are allowed")
        }
        for (name, value) in attributes {
            try Check.length(name, max: 200, field: "attributes")
            try Check.length(value, max: limits.maxTitleLength, field: "attributes.\(name)")
        }
        let media = media ?? []
        guard media.count <= limits.maxMedia else {
            throw .tooLarge(message: "at most \(limits.maxMedia) media appearances are allowed")
        }
        let totalImages = (images?.count ?? 0) + media.reduce(0) { $0 + ($1.frames?.count ?? 0) }
        guard totalImages <= limits.maxImages else {
            throw .tooLarge(code: .tooManyImages, message: "at most \(limits.maxImages) images per product are allowed")
        }
        var drafts: [MediaDraft] = []
        for (i, m) in media.enumerated() {
            guard let domain = Domain(rawValue: m.domain), domain != .page else {
                throw .invalid(message: "field 'media[\(i)].domain' must be \"video\" or \"live\"")
            }
            try Check.length(m.asr, max: limits.maxTranscriptLength, field: "media[\(i)].asr")
            let frames = try Check.images(m.frames ?? [], limits: limits, field: "media[\(i)].frames")
            guard !(m.asr ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || !frames.isEmpty else {
                throw .invalid(message: "media[\(i)] needs an asr transcript or frames")
            }
            drafts.append(MediaDraft(domain: domain, asr: m.asr, frames: frames))
        }
        return ProductDraft(id: id, title: title, description: description, brand: brand, category: category,
                            price: price, currency: currency,
                            attributes: attributes.map { Attribute(name: $0.key, value: $0.value) },
                            images: try Check.images(images ?? [], limits: limits, field: "images"), media: drafts)
    }
}
