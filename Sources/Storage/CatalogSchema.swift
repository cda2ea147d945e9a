/// The catalog's tables: products, attributes, appearances, the FTS5 index over appearance text, and the change
/// feed whose sequence numbers order every committed write. Each appearance's fused vector lives in the index's
/// `index_vectors` table under the appearance key (written in the same transaction); the visual branch is kept
/// here so that a change of text encoder can re-fuse vectors without the original images.
enum CatalogSchema {
    static let migrations: [Migrator.Migration] = [
        .init("0100_catalog", sql: """
            CREATE TABLE catalog_changes (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                product_id TEXT NOT NULL,
                op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
                at REAL NOT NULL DEFAULT (julianday('now')));
            CREATE TABLE products (
                pk INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                description TEXT, brand TEXT, category TEXT, price REAL, currency TEXT,
                brand_key TEXT, category_key TEXT,
                seq INTEGER NOT NULL,
                created_at REAL NOT NULL,
                updated_at REAL NOT NULL);
            CREATE TABLE product_attributes (
                product_pk INTEGER NOT NULL REFERENCES products(pk) ON DELETE CASCADE,
                name TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (product_pk, name));
            CREATE TABLE appearances (
                key INTEGER PRIMARY KEY AUTOINCREMENT,
                product_pk INTEGER NOT NULL REFERENCES products(pk) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                domain TEXT NOT NULL CHECK (domain IN ('page', 'video', 'live')),
                text TEXT NOT NULL,
                summary_text TEXT, summary_source TEXT, summary_model TEXT,
                image_count INTEGER NOT NULL,
                space_id TEXT NOT NULL,
                visual_vector BLOB,
                seq INTEGER NOT NULL);
            CREATE INDEX appearances_by_product ON appearances(product_pk, ordinal);
            CREATE INDEX appearances_by_seq ON appearances(seq);
            CREATE VIRTUAL TABLE appearance_fts USING fts5(title, brand, body, tokenize = 'unicode61 remove_diacritics 2');
            """),
        // Appearances stored with the extractive summary while the LLM could not answer, with the transcript to
        // ask it again (the appearance keeps only its summary). A row is written in the appearance's transaction
        // and removed with it, so pending upgrades survive restarts and die with a replaced or deleted product.
        .init("0101_summary_upgrades", sql: """
            CREATE TABLE summary_upgrades (
                key INTEGER PRIMARY KEY,
                transcript TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                queued_at REAL NOT NULL DEFAULT (julianday('now')));
            CREATE INDEX summary_upgrades_order ON summary_upgrades(attempts, key);
            """),
        // Replica mode (cluster.mode = replica): the feed's cursor and source, and the PostgreSQL version of every
        // product this node materialised (for the reconcile after a failover). Empty on a single node.
        .init("0400_replica", sql: """
            CREATE TABLE replica_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE replica_versions (product_id TEXT PRIMARY KEY, version INTEGER NOT NULL);
            """),
    ]
}
