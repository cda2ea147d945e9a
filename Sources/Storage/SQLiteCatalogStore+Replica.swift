import Retrieval

/// One product as the cluster's system of record holds it, to be materialised on this node.
public struct ReplicatedProduct: Sendable {
    /// The product's fields (no images: the vectors come encoded).
    public var draft: ProductDraft
    /// Its appearances with their fused vectors and visual branches, in order.
    public var appearances: [EncodedAppearance]
    /// The vector space the vectors were made in.
    public var spaceID: String
    /// The system of record's version of the product (the writing transaction's id).
    public var version: Int64
    /// Creation and last update (Unix seconds) as the system of record has them.
    public var createdAt: Double
    /// See `createdAt`.
    public var updatedAt: Double

    /// Creates a record.
    public init(draft: ProductDraft, appearances: [EncodedAppearance], spaceID: String, version: Int64,
                createdAt: Double, updatedAt: Double) {
        self.draft = draft
        self.appearances = appearances
        self.spaceID = spaceID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Replica mode: this node's SQLite is a materialisation of PostgreSQL, written only by the replica feed. Rows,
/// FTS, vectors, the per-product versions and the feed's cursor change in one transaction, so a crash resumes
/// from a cursor that matches the rows.
extension SQLiteCatalogStore {
    /// Applies upserts (skipping products already at their version) and deletes, and sets `state` (the cursor),
    /// in one transaction. `afterCommit` gets the local writes on the writer right after the commit (as `upsert`).
    /// Returns the writes it made.
    @discardableResult
    public func applyReplicated(upserts: [ReplicatedProduct], deletes: [String], state: [String: String],
                                afterCommit: @escaping @Sendable ([CatalogWrite]) -> Void) async throws -> [CatalogWrite] {
        let (writes, applied) = try await translatingWriteErrors {
            try await writer.run { [self] db in
                let (writes, before, after) = try db.transaction {
                    let before = try VectorTable.lastSequence(db)
                    var writes: [CatalogWrite] = []
                    let versionOf = try db.cached("SELECT version FROM replica_versions WHERE product_id = ?")
                    for item in upserts {
                        if try versionOf.first([item.draft.id], { $0.int64(0) }) == item.version { continue }
                        writes.append(try Self.upsert(db, item.draft, item.appearances, item.spaceID, snapshots.vectorEncoding,
                                                      times: (item.createdAt, item.updatedAt)))
                        try db.cached("INSERT OR REPLACE INTO replica_versions (product_id, version) VALUES (?, ?)")
                            .run([item.draft.id, item.version])
                    }
                    for id in deletes {
                        if let write = try Self.delete(db, id: id) { writes.append(write) }
                        try db.cached("DELETE FROM replica_versions WHERE product_id = ?").run([id])
                    }
                    for (name, value) in state {
                        try db.cached("INSERT OR REPLACE INTO replica_state (name, value) VALUES (?, ?)").run([name, value])
                    }
                    return (writes, before, try VectorTable.lastSequence(db))
                }
                return (writes, afterCommitted(before: before, after: after) { if !writes.isEmpty { afterCommit(writes) } })
            }
        }
        await applied.wait()
        return writes
    }

    /// The feed's persisted state (cursor, source identity); empty on a node that never replicated.
    public func replicaState() async throws -> [String: String] {
        try await writer.run { db in
            Dictionary(try db.cached("SELECT name, value FROM replica_state").rows { ($0.string(0), $0.string(1)) },
                       uniquingKeysWith: { a, _ in a })
        }
    }

    /// Every materialised product id with its system-of-record version.
    public func replicaVersions() async throws -> [String: Int64] {
        try await reader().run { db in
            Dictionary(try db.cached("SELECT product_id, version FROM replica_versions").rows { ($0.string(0), $0.int64(0)) },
                       uniquingKeysWith: { a, _ in a })
        }
    }

    /// Ids of stored products with no replica version (written locally, e.g. before the node became a replica).
    public func productsWithoutReplicaVersion() async throws -> [String] {
        try await reader().run { db in
            try db.cached("SELECT id FROM products WHERE id NOT IN (SELECT product_id FROM replica_versions)").rows { $0.string(0) }
        }
    }
}

extension SQLiteCatalogStore {
    /// Products in id order after `cursor` (exclusive), at most `limit`, with their appearances' stored vectors
    /// and visual branches: what `ampere cluster-import` copies into PostgreSQL.
    public func exportProducts(after cursor: String?, limit: Int) async throws -> [ReplicatedProduct] {
        try await reader().run { db in
            let heads = try db.cached("""
                SELECT pk, id, created_at, updated_at FROM products WHERE id > ? ORDER BY id LIMIT ?
                """).rows([cursor ?? "", limit]) { (pk: $0.int64(0), id: $0.string(1), created: $0.double(2), updated: $0.double(3)) }
            return try heads.compactMap { head -> ReplicatedProduct? in
                guard let product = try CatalogRows.product(db, id: head.id) else { return nil }
                let rows = try db.cached("""
                    SELECT a.space_id, a.visual_vector, v.vector FROM appearances a
                    LEFT JOIN index_vectors v ON v.key = a.key WHERE a.product_pk = ? ORDER BY a.ordinal
                    """).rows([head.pk]) { row in
                    (space: row.string(0),
                     visual: row.isNull(1) ? nil : row.withBlob(1, VectorBlob.decode),
                     fused: row.isNull(2) ? [] : (row.withBlob(2, VectorBlob.decode) ?? []))
                }
                let appearances = zip(product.appearances, rows).map { a, r in
                    EncodedAppearance(domain: a.domain, text: a.text, summary: a.summary, imageCount: a.imageCount,
                                      embedding: Embedding(fused: r.fused, text: nil, visual: r.visual))
                }
                return ReplicatedProduct(draft: ProductDraft(info: product.info), appearances: appearances,
                                         spaceID: rows.first?.space ?? "", version: 0,
                                         createdAt: head.created, updatedAt: head.updated)
            }
        }
    }
}
