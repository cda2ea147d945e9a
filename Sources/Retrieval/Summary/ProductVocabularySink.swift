/// Receives the catalog's text as products come and go, so the summarizer's vocabulary follows the store.
///
/// The catalog service calls `add` after a product is committed (again on replace) and `remove` after a delete.
/// Implementations are thread-safe and cheap (no I/O).
public protocol ProductVocabularySink: Sendable {
    /// Adds or replaces the text of product `id`.
    func add(productID id: String, text: ProductText)
    /// Forgets product `id`; unknown ids are ignored.
    func remove(productID id: String)
}

/// The parts of a product the vocabulary learns from; kept apart from `Product` so this port stays small.
public struct ProductText: Sendable, Equatable {
    /// Product title.
    public var title: String
    /// Brand, if known (learned as a brand term).
    public var brand: String?
    /// Category, description and attribute values, in any order.
    public var details: [String]

    /// Creates the text of one product.
    public init(title: String, brand: String? = nil, details: [String] = []) {
        self.title = title
        self.brand = brand
        self.details = details
    }
}
