import Retrieval

/// Row mapping for the catalog tables.
enum CatalogRows {
    static let recordSelect = """
        SELECT a.key, p.id, a.domain, p.title, p.brand, p.category, p.price, v.vector
        FROM appearances a JOIN products p ON p.pk = a.product_pk LEFT JOIN index_vectors v ON v.key = a.key
        """

    /// Like `recordSelect` without the vector (an empty vector in the record).
    static let metadataSelect = """
        SELECT a.key, p.id, a.domain, p.title, p.brand, p.category, p.price, NULL
        FROM appearances a JOIN products p ON p.pk = a.product_pk
        """

    /// Maps a `recordSelect` row; a missing vector (never expected: both are written in one transaction) is empty.
    static func record(_ row: Row) throws -> StoredAppearanceRecord {
        let meta = AppearanceMeta(domain: Domain(rawValue: row.string(2)) ?? .page, title: row.string(3),
                                  brand: row.optionalString(4), category: row.optionalString(5),
                                  price: row.optionalDouble(6))
        guard let vector = row.isNull(7) ? [] : row.withBlob(7, VectorBlob.decode) else {
            throw SQLiteError(code: 11, message: "stored vector of appearance \(row.int64(0)) is malformed")
        }
        return StoredAppearanceRecord(key: row.int64(0), productID: row.string(1), meta: meta, vector: vector)
    }

    /// The product with `id` and its appearances, or nil.
    static func product(_ db: Database, id: String) throws -> Product? {
        let after = 2 + ProductColumns.names.count  // pk, id, the info columns, then seq, created_at, updated_at
        let head = try db.cached("""
            SELECT pk, id, \(ProductColumns.list), seq, created_at, updated_at FROM products WHERE id = ?
            """).first([id]) { row in
            (pk: row.int64(0),
             product: Product(info: ProductColumns.info(row, from: 1), appearances: [], sequence: row.int64(after),
                              createdAt: row.double(after + 1), updatedAt: row.double(after + 2)))
        }
        guard let head else { return nil }
        var product = head.product
        product.attributes = try db.cached("SELECT name, value FROM product_attributes WHERE product_pk = ? ORDER BY name")
            .rows([head.pk]) { Attribute(name: $0.string(0), value: $0.string(1)) }
        product.appearances = try db.cached("""
            SELECT key, domain, text, summary_text, summary_source, summary_model, image_count
            FROM appearances WHERE product_pk = ? ORDER BY ordinal
            """).rows([head.pk]) { row in
            var summary: Summary?
            if let text = row.optionalString(3), let source = SummarySource(rawValue: row.string(4)) {
                summary = Summary(text: text, source: source, model: row.optionalString(5))
            }
            return Appearance(key: row.int64(0), domain: Domain(rawValue: row.string(1)) ?? .page,
                              text: row.string(2), summary: summary, imageCount: row.int(6))
        }
        return product
    }
}
