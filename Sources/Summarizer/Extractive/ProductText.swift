/// The parts of a product the vocabulary learns from.
public struct ProductText: Sendable, Equatable {
    /// Product title (model codes are taken from it and the details).
    public var title: String
    /// Brand, if known separately (learned as a brand term and boosted).
    public var brand: String?
    /// Category, description and attribute values, in any order.
    public var details: [String]

    /// Creates the text of one product.
    public init(title: String, brand: String? = nil, details: [String] = []) {
        self.title = title
        self.brand = brand
        self.details = details
    }

    /// Reads the catalog service's page text (`ProductDraft.pageText`: title on the first line, then brand,
    /// category, attributes and description, one per line). The brand line cannot be told apart there, so it
    /// counts as a detail.
    public init(pageText: String) {
        let lines = pageText.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        title = lines.first.map(String.init) ?? ""
        brand = nil
        details = lines.count > 1 ? [String(lines[1])] : []
    }
}
