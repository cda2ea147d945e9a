import Retrieval

/// The `products` columns that hold a `ProductInfo`, named once: the insert, the update and the select are all
/// built from this list, so a new product field is one line here (plus its migration). Attributes live in
/// `product_attributes`; `brand_key` and `category_key` are the filter keys derived from brand and category.
enum ProductColumns {
    /// Column names in order (after `id`, which identifies the row).
    static let names = ["title", "description", "brand", "category", "price", "currency", "brand_key", "category_key"]

    /// `title, description, ...` for a SELECT or an INSERT column list.
    static let list = names.joined(separator: ", ")

    /// `title = ?, description = ?, ...` for an UPDATE.
    static let assignments = names.map { "\($0) = ?" }.joined(separator: ", ")

    /// The values of `names` for `info`, in order.
    static func values(_ info: ProductInfo) -> [any SQLBindable] {
        [info.title, info.description, info.brand, info.category, info.price, info.currency,
         FilterMatcher.key(info.brand), FilterMatcher.key(info.category)]
    }

    /// The fields of `info` from a row whose columns `offset...` are `id` then `names` (attributes left empty).
    static func info(_ row: Row, from offset: Int) -> ProductInfo {
        ProductInfo(id: row.string(offset), title: row.string(offset + 1), description: row.optionalString(offset + 2),
                    brand: row.optionalString(offset + 3), category: row.optionalString(offset + 4),
                    price: row.optionalDouble(offset + 5), currency: row.optionalString(offset + 6))
    }
}
