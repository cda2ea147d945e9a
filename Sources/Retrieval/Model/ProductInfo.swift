/// A product's own fields, declared once: what a client submits besides its media, what the store keeps in the
/// `products` row, and what `GET /products/{id}` returns. `ProductDraft` and `Product` embed it (and forward its
/// fields through dynamic member lookup), the wire DTOs map to and from it in one place each
/// (`ProductBody.draft`, `ProductJSON.init`), and Storage names its columns once (`ProductColumns`).
public struct ProductInfo: Sendable, Equatable {
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
    /// Named attributes (colour, size, ...), kept in name order.
    public var attributes: [Attribute] {
        didSet { attributes.sort { $0.name < $1.name } }
    }

    /// Creates the fields; attributes are sorted by name.
    public init(id: String, title: String, description: String? = nil, brand: String? = nil, category: String? = nil,
                price: Double? = nil, currency: String? = nil, attributes: [Attribute] = []) {
        self.id = id
        self.title = title
        self.description = description
        self.brand = brand
        self.category = category
        self.price = price
        self.currency = currency
        self.attributes = attributes.sorted { $0.name < $1.name }
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

/// A value that carries a product's fields (`ProductDraft`, `Product`) and lets them be read and written directly
/// (`draft.title` for `draft.info.title`).
@dynamicMemberLookup
public protocol ProductFields {
    /// The product's own fields.
    var info: ProductInfo { get set }
}

extension ProductFields {
    /// The product's fields, read and written through `info`.
    public subscript<T>(dynamicMember path: WritableKeyPath<ProductInfo, T>) -> T {
        get { info[keyPath: path] }
        set { info[keyPath: path] = newValue }
    }

    /// Read-only fields derived from `info` (`pageText`).
    public subscript<T>(dynamicMember path: KeyPath<ProductInfo, T>) -> T { info[keyPath: path] }
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
