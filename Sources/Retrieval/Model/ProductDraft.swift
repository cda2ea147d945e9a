/// A validated product as a client submitted it (`POST /products`), before summarizing and encoding: its fields
/// (`info`, readable directly: `draft.title`) plus page photos and media appearances.
public struct ProductDraft: ProductFields, Sendable, Equatable {
    /// The product's own fields.
    public var info: ProductInfo
    /// Page photos (encoded JPEG or PNG bytes).
    public var images: [[UInt8]]
    /// Video and live appearances.
    public var media: [MediaDraft]

    /// A draft of `info` with its photos and media.
    public init(info: ProductInfo, images: [[UInt8]] = [], media: [MediaDraft] = []) {
        self.info = info
        self.images = images
        self.media = media
    }

    /// A draft from its fields; validate client input first (`ProductBody.draft`).
    public init(id: String, title: String, description: String? = nil, brand: String? = nil,
                category: String? = nil, price: Double? = nil, currency: String? = nil,
                attributes: [Attribute] = [], images: [[UInt8]] = [], media: [MediaDraft] = []) {
        self.init(info: ProductInfo(id: id, title: title, description: description, brand: brand, category: category,
                                    price: price, currency: currency, attributes: attributes),
                  images: images, media: media)
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
