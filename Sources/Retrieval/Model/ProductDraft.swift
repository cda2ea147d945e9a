/// A validated product as a client submitted it (`POST /products`), before summarizing and encoding.
public struct ProductDraft: Sendable, Equatable {
    /// External id: 1-128 characters of `[A-Za-z0-9._:-]`.
    public var id: String
    /// Product title (required, non-empty).
    public var title: String
    /// Free-text description.
    public var description: String?
    /// Brand name.
    public var brand: String?
    /// Category name.
    public var category: String?
    /// Price in `currency`.
    public var price: Double?
    /// ISO currency code or free text.
    public var currency: String?
    /// Named attributes (colour, size, ...), kept in key order.
    public var attributes: [Attribute]
    /// Page photos (encoded JPEG or PNG bytes).
    public var images: [[UInt8]]
    /// Video and live appearances.
    public var media: [MediaDraft]

    /// Creates a draft; call `ProductDraft.validate` (or `Validation`) before using client input.
    public init(id: String, title: String, description: String? = nil, brand: String? = nil,
                category: String? = nil, price: Double? = nil, currency: String? = nil,
                attributes: [Attribute] = [], images: [[UInt8]] = [], media: [MediaDraft] = []) {
        self.id = id
        self.title = title
        self.description = description
        self.brand = brand
        self.category = category
        self.price = price
        self.currency = currency
        self.attributes = attributes.sorted { $0.name < $1.name }
        self.images = images
        self.media = media
    }

    /// The text of the page appearance: what the text branch and the lexical channel see.
    public var pageText: String {
        var parts = [title]
        if let brand, !brand.isEmpty { parts.append(brand) }
        if let category, !category.isEmpty { parts.append(category) }
        for attribute in attributes { parts.append("\(attribute.name): \(attribute.value)") }
        if let description, !description.isEmpty { parts.append(description) }
        return parts.joined(separator: "\n")
    }
}

/// One named attribute of a product.
public struct Attribute: Sendable, Equatable, Hashable {
    /// Attribute name, e.g. `"colour"`.
    public var name: String
    /// Attribute value, e.g. `"black"`.
    public var value: String

    /// Creates an attribute.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A video or live appearance as submitted: a transcript and/or key frames.
public struct MediaDraft: Sendable, Equatable {
    /// `.video` or `.live`.
    public var domain: Domain
    /// Raw ASR transcript.
    public var asr: String?
    /// Key frames (encoded JPEG or PNG bytes).
    public var frames: [[UInt8]]

    /// Creates a media appearance.
    public init(domain: Domain, asr: String? = nil, frames: [[UInt8]] = []) {
        self.domain = domain
        self.asr = asr
        self.frames = frames
    }
}
