import Dispatch
import Retrieval

extension SQLiteCatalogStore {
    public func upsert(_ draft: ProductDraft, appearances: [EncodedAppearance], spaceID: String,
                       afterCommit: @escaping @Sendable (CatalogWrite) -> Void) async throws -> CatalogWrite {
        let (write, applied) = try await translatingWriteErrors {
            try await writer.run { [self] db in
                let (write, before, after) = try db.transaction {
                    let before = try VectorTable.lastSequence(db)
                    let write = try Self.upsert(db, draft, appearances, spaceID, snapshots.vectorEncoding)
                    return (write, before, try VectorTable.lastSequence(db))
                }
                summaryUpgradeEvents.committed(appearances)
                return (write, afterCommitted(before: before, after: after) { afterCommit(write) })
            }
        }
        await applied.wait()
        return write
    }

    /// Many products in one transaction (one fsync for the batch instead of one per product).
    public func upsertBatch(_ items: [(draft: ProductDraft, appearances: [EncodedAppearance])], spaceID: String,
                            afterCommit: @escaping @Sendable ([CatalogWrite]) -> Void) async throws -> [CatalogWrite] {
        let (writes, applied) = try await upsertBatchDeferred(items, spaceID: spaceID, afterCommit: afterCommit)
        await applied()
        return writes
    }

    /// `upsertBatch` that returns once the transaction has committed (durable: a restart replays it into the
    /// graph); `afterCommit` may still be running, and `applied` waits for it.
    public func upsertBatchDeferred(_ items: [(draft: ProductDraft, appearances: [EncodedAppearance])], spaceID: String,
                                    afterCommit: @escaping @Sendable ([CatalogWrite]) -> Void) async throws
        -> (writes: [CatalogWrite], applied: @Sendable () async -> Void) {
        let (writes, applied) = try await translatingWriteErrors {
            try await writer.run { [self] db in
                let (writes, before, after) = try db.transaction {
                    let before = try VectorTable.lastSequence(db)
                    let writes = try items.map { try Self.upsert(db, $0.draft, $0.appearances, spaceID, snapshots.vectorEncoding) }
                    return (writes, before, try VectorTable.lastSequence(db))
                }
                summaryUpgradeEvents.committed(items.flatMap(\.appearances))
                return (writes, afterCommitted(before: before, after: after) { afterCommit(writes) })
            }
        }
        return (writes, { await applied.wait() })
    }

    /// Queues a committed transaction's in-memory updates on the apply queue (called on the writer right after
    /// the commit, so they run in commit order), then counts its vector changes `(before, after]` as applied: only
    /// then is the graph up to date with them.
    func afterCommitted(before: Int64, after: Int64, _ body: @escaping @Sendable () -> Void) -> AppliedWrite {
        let done = DispatchGroup()
        done.enter()
        applyQueue.async { [snapshots] in
            body()
            snapshots.applied.committed(after: before, through: after)
            done.leave()
        }
        return AppliedWrite(done)
    }

    /// Disk-full, read-only and I/O failures become `storageUnavailable` (503): the write was not acknowledged,
    /// nothing stored before it is harmed, and reads keep working. `writeHealth` remembers the outcome for `/health`.
    func translatingWriteErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            writeHealth.succeeded()
            writeActivity.recordWrite()
            return value
        } catch let error as SQLiteError where error.isStorageUnavailable {
            writeHealth.failed(error.message)
            throw RetrievalError.storageUnavailable(message: "the catalog cannot be written right now (SQLite: \(error.message))")
        }
    }

    public func delete(id: String, afterCommit: @escaping @Sendable (CatalogWrite) -> Void) async throws -> CatalogWrite? {
        let (write, applied) = try await translatingWriteErrors { try await writer.run { [self] db in
            var before: Int64 = 0, after: Int64 = 0
            let write = try db.transaction { () throws -> CatalogWrite? in
                before = try VectorTable.lastSequence(db)
                defer { after = (try? VectorTable.lastSequence(db)) ?? before }
                return try Self.delete(db, id: id)
            }
            return (write, afterCommitted(before: before, after: after) { if let write { afterCommit(write) } })
        } }
        await applied.wait()
        return write
    }

    /// Deletes product `id` and its appearances inside the caller's transaction; nil when there was none.
    static func delete(_ db: Database, id: String) throws -> CatalogWrite? {
        guard let old = try existing(db, id: id) else { return nil }
        try removeAppearances(db, keys: old.keys)
        try db.run("DELETE FROM products WHERE pk = ?", [old.pk])
        let seq = try logChange(db, id: id, op: "delete")
        return CatalogWrite(product: nil, created: false, removedKeys: old.keys, added: [], sequence: seq,
                            previousPageText: old.pageText)
    }

    /// `times` replaces the local clock (a replica keeps the system of record's creation and update times).
    static func upsert(_ db: Database, _ draft: ProductDraft, _ appearances: [EncodedAppearance],
                       _ spaceID: String, _ encoding: VectorBlob.Encoding = .f32,
                       times: (created: Double, updated: Double)? = nil) throws -> CatalogWrite {
        let now = times?.updated ?? unixTime()
        let old = try existing(db, id: draft.id)
        let seq = try logChange(db, id: draft.id, op: "upsert")
        let pk: Int64
        if let old {
            try removeAppearances(db, keys: old.keys)
            try db.run("DELETE FROM product_attributes WHERE product_pk = ?", [old.pk])
            try db.run("UPDATE products SET \(ProductColumns.assignments), seq = ?, updated_at = ? WHERE pk = ?",
                       ProductColumns.values(draft.info) + [seq, now, old.pk])
            pk = old.pk
        } else {
            let placeholders = Array(repeating: "?", count: ProductColumns.names.count + 4).joined(separator: ", ")
            try db.run("INSERT INTO products (id, \(ProductColumns.list), seq, created_at, updated_at) VALUES (\(placeholders))",
                       [draft.id] + ProductColumns.values(draft.info) + [seq, times?.created ?? now, now])
            pk = db.lastInsertRowID
        }
        for attribute in draft.attributes {
            try db.run("INSERT OR REPLACE INTO product_attributes (product_pk, name, value) VALUES (?, ?, ?)",
                       [pk, attribute.name, attribute.value])
        }
        var added: [StoredAppearanceRecord] = []
        for (ordinal, appearance) in appearances.enumerated() {
            try db.run("""
                INSERT INTO appearances (product_pk, ordinal, domain, text, summary_text, summary_source, summary_model,
                image_count, space_id, visual_vector, seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [pk, ordinal, appearance.domain.rawValue, appearance.text, appearance.summary?.text,
                      appearance.summary?.source.rawValue, appearance.summary?.model, appearance.imageCount, spaceID,
                      appearance.embedding.visual.map(VectorBlob.encode), seq])
            let key = db.lastInsertRowID
            _ = try VectorTable.upsert(db, key: key, vector: appearance.embedding.fused, encoding: encoding)
            if let transcript = appearance.upgradeTranscript {
                try db.cached("INSERT INTO summary_upgrades (key, transcript) VALUES (?, ?)").run([key, transcript])
            }
            let isPage = appearance.domain == .page
            try db.run("INSERT INTO appearance_fts (rowid, title, brand, body) VALUES (?, ?, ?, ?)", [
                key, isPage ? LexicalAnalyzer.indexText(draft.title) : "",
                isPage ? LexicalAnalyzer.indexText(draft.brand ?? "") : "",
                LexicalAnalyzer.indexText(isPage ? String(appearance.text.dropFirst(draft.title.count)) : appearance.text),
            ])
            let meta = AppearanceMeta(domain: appearance.domain, info: draft.info)
            added.append(StoredAppearanceRecord(key: key, productID: draft.id, meta: meta,
                                                vector: appearance.embedding.fused))
        }
        guard let product = try CatalogRows.product(db, id: draft.id) else {
            throw SQLiteError(code: 1, message: "product vanished inside its own transaction")
        }
        return CatalogWrite(product: product, created: old == nil, removedKeys: old?.keys ?? [], added: added,
                            sequence: seq, previousPageText: old?.pageText)
    }

    struct Existing {
        var pk: Int64
        var keys: [Int64]
        var pageText: String?
    }

    static func existing(_ db: Database, id: String) throws -> Existing? {
        guard let pk = try db.cached("SELECT pk FROM products WHERE id = ?").first([id], { $0.int64(0) }) else {
            return nil
        }
        let rows = try db.cached("SELECT key, domain, text FROM appearances WHERE product_pk = ? ORDER BY ordinal")
            .rows([pk]) { (key: $0.int64(0), domain: $0.string(1), text: $0.string(2)) }
        return Existing(pk: pk, keys: rows.map(\.key), pageText: rows.first { $0.domain == "page" }?.text)
    }

    static func removeAppearances(_ db: Database, keys: [Int64]) throws {
        for key in keys {
            try db.run("DELETE FROM appearance_fts WHERE rowid = ?", [key])
            try db.run("DELETE FROM appearances WHERE key = ?", [key])
            try db.cached("DELETE FROM summary_upgrades WHERE key = ?").run([key])
            _ = try VectorTable.delete(db, key: key)
        }
    }

    static func logChange(_ db: Database, id: String, op: String) throws -> Int64 {
        try db.run("INSERT INTO catalog_changes (product_id, op) VALUES (?, ?)", [id, op])
        return db.lastInsertRowID
    }

    /// Deletes change-feed rows older than `days` (by their commit time), in transactions of at most 10,000 rows so
    /// writers are never held up for long; the newest row always stays. Returns the rows deleted.
    public func purgeChangeLog(olderThanDays days: Double) async throws -> Int {
        var total = 0
        while true {
            let deleted = try await translatingWriteErrors {
                try await writer.run { db in
                    try db.transaction { () throws -> Int in
                        try db.run("""
                            DELETE FROM catalog_changes WHERE seq IN (
                                SELECT seq FROM catalog_changes
                                WHERE at < julianday('now') - ? AND seq < (SELECT MAX(seq) FROM catalog_changes)
                                ORDER BY seq LIMIT 10000)
                            """, [days])
                        return db.changes
                    }
                }
            }
            total += deleted
            if deleted < 10_000 { return total }
        }
    }
}

/// Waits for one committed write's in-memory updates (`SQLiteCatalogStore.afterCommitted`).
struct AppliedWrite: Sendable {
    let group: DispatchGroup

    init(_ group: DispatchGroup) { self.group = group }

    /// Returns once the updates have run.
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            group.notify(queue: .global()) { continuation.resume() }
        }
    }
}
