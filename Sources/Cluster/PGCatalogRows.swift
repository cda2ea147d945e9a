import Postgres
import Retrieval
import Storage

/// The SQL of the catalog in PostgreSQL: writing a product with its attributes and appearances, and reading
/// products back (for the replica feed) in the shape the local store materialises.
enum PGCatalogRows {
    /// What one product upsert returns.
    struct Written: Sendable {
        var created: Bool
        var version: Int64
        var createdAt: Double
        var updatedAt: Double
    }

    /// Upserts one product inside the caller's transaction. The version is the writing transaction's id.
    /// `times` keeps given creation and update times (an import) instead of now().
    static func upsert(_ conn: PGConnection, _ draft: ProductDraft, _ appearances: [EncodedAppearance],
                       spaceID: String, times: (created: Double, updated: Double)? = nil) throws(PGError) -> Written {
        let info = draft.info
        let head = try conn.execute("""
            INSERT INTO products AS p (id, title, description, brand, category, price, currency, space_id, version,
                created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6::float8, $7, $8, pg_current_xact_id()::text::bigint,
                COALESCE(to_timestamp($9::float8), now()), COALESCE(to_timestamp($10::float8), now()))
            ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description,
                brand = EXCLUDED.brand, category = EXCLUDED.category, price = EXCLUDED.price,
                currency = EXCLUDED.currency, space_id = EXCLUDED.space_id, version = EXCLUDED.version,
                updated_at = EXCLUDED.updated_at
            RETURNING (p.xmax::text = '0'), p.version, extract(epoch FROM p.created_at)::float8,
                extract(epoch FROM p.updated_at)::float8
            """, [.text(info.id), .text(info.title), .optional(info.description), .optional(info.brand),
                  .optional(info.category), .optional(info.price), .optional(info.currency), .text(spaceID),
                  .optional(times?.created), .optional(times?.updated)])
        let written = Written(created: head.bool(0, 0) ?? false, version: head.int64(0, 1) ?? 0,
                              createdAt: head.double(0, 2) ?? 0, updatedAt: head.double(0, 3) ?? 0)
        if !written.created {
            try conn.execute("DELETE FROM product_attributes WHERE product_id = $1", [.text(info.id)])
            try conn.execute("DELETE FROM appearances WHERE product_id = $1", [.text(info.id)])
        }
        for (ordinal, attribute) in info.attributes.enumerated() {
            try conn.execute("INSERT INTO product_attributes (product_id, ordinal, name, value) VALUES ($1, $2, $3, $4)",
                             [.text(info.id), .int(Int64(ordinal)), .text(attribute.name), .text(attribute.value)])
        }
        for (ordinal, a) in appearances.enumerated() {
            try conn.execute("""
                INSERT INTO appearances (product_id, ordinal, domain, text, summary_text, summary_source, summary_model,
                    image_count, space_id, fused, visual)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::bytea, $11::bytea)
                """, [.text(info.id), .int(Int64(ordinal)), .text(a.domain.rawValue), .text(a.text),
                      .optional(a.summary?.text), .optional(a.summary?.source.rawValue), .optional(a.summary?.model),
                      .int(Int64(a.imageCount)), .text(spaceID), .bytes(VectorBlob.raw(a.embedding.fused)),
                      a.embedding.visual.map { .bytes(VectorBlob.raw($0)) } ?? .null])
        }
        return written
    }

    /// Deletes one product inside the caller's transaction; its version token, or nil when there was none.
    static func delete(_ conn: PGConnection, id: String) throws(PGError) -> Int64? {
        let result = try conn.execute("DELETE FROM products WHERE id = $1 RETURNING pg_current_xact_id()::text::bigint",
                                      [.text(id)])
        return result.count > 0 ? result.int64(0, 0) : nil
    }

    /// A text-array literal for `= ANY($1::text[])`.
    static func arrayLiteral(_ ids: [String]) -> String {
        "{" + ids.map { "\"" + $0.replacingBackslashesAndQuotes() + "\"" }.joined(separator: ",") + "}"
    }

    /// The current state of `ids`: each product found, with attributes and appearances in order. Ids without a
    /// row (deleted) are absent.
    static func fetch(_ conn: PGConnection, ids: [String]) throws(PGError) -> [ReplicatedProduct] {
        guard !ids.isEmpty else { return [] }
        let list = PGValue.text(arrayLiteral(ids))
        let heads = try conn.execute("""
            SELECT id, title, description, brand, category, price, currency, space_id, version,
                extract(epoch FROM created_at)::float8, extract(epoch FROM updated_at)::float8
            FROM products WHERE id = ANY($1::text[])
            """, [list])
        var products: [String: ReplicatedProduct] = [:]
        var order: [String] = []
        for r in 0..<heads.count {
            let id = heads.string(r, 0) ?? ""
            let info = ProductInfo(id: id, title: heads.string(r, 1) ?? "", description: heads.string(r, 2),
                                   brand: heads.string(r, 3), category: heads.string(r, 4), price: heads.double(r, 5),
                                   currency: heads.string(r, 6))
            products[id] = ReplicatedProduct(draft: ProductDraft(info: info), appearances: [],
                                             spaceID: heads.string(r, 7) ?? "", version: heads.int64(r, 8) ?? 0,
                                             createdAt: heads.double(r, 9) ?? 0, updatedAt: heads.double(r, 10) ?? 0)
            order.append(id)
        }
        let attributes = try conn.execute("""
            SELECT product_id, name, value FROM product_attributes WHERE product_id = ANY($1::text[])
            ORDER BY product_id, ordinal
            """, [list])
        var attributeLists: [String: [Attribute]] = [:]
        for r in 0..<attributes.count {
            attributeLists[attributes.string(r, 0) ?? "", default: []]
                .append(Attribute(name: attributes.string(r, 1) ?? "", value: attributes.string(r, 2) ?? ""))
        }
        for (id, list) in attributeLists { products[id]?.draft.info.attributes = list }
        let rows = try conn.execute("""
            SELECT product_id, domain, text, summary_text, summary_source, summary_model, image_count, fused, visual
            FROM appearances WHERE product_id = ANY($1::text[]) ORDER BY product_id, ordinal
            """, [list])
        for r in 0..<rows.count {
            let id = rows.string(r, 0) ?? ""
            var summary: Summary?
            if let text = rows.string(r, 3), let source = rows.string(r, 4).flatMap(SummarySource.init(rawValue:)) {
                summary = Summary(text: text, source: source, model: rows.string(r, 5))
            }
            let fused = rows.withBytes(r, 7) { VectorBlob.decode($0) } ?? []
            let visual = rows.isNull(r, 8) ? nil : rows.withBytes(r, 8) { VectorBlob.decode($0) }
            let appearance = EncodedAppearance(
                domain: Domain(rawValue: rows.string(r, 1) ?? "") ?? .page, text: rows.string(r, 2) ?? "",
                summary: summary, imageCount: Int(rows.int64(r, 6) ?? 0),
                embedding: Embedding(fused: fused, text: nil, visual: visual))
            products[id]?.appearances.append(appearance)
        }
        return order.compactMap { products[$0] }
    }
}

extension String {
    fileprivate func replacingBackslashesAndQuotes() -> String {
        var out = ""
        for c in self {
            if c == "\\" || c == "\"" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
