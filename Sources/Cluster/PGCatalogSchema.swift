import Postgres

/// The catalog's tables in PostgreSQL, the cluster's system of record, as numbered migrations (like the SQLite
/// ones). Vectors are `bytea`, little-endian float32, tagged with their vector space. Every row change of
/// `products` writes a `product_changes` row in the same transaction, stamped with the writer's transaction id:
/// the replica feed reads changes by xid horizon, never by `seq` (a `seq > cursor` tail loses rows whose
/// transaction commits after a later one: ../shared/notes/SCALE-OUT.md, section 6).
public enum PGCatalogSchema {
    /// One schema step.
    public struct Migration: Sendable {
        /// Unique and ordered: never renumber a migration that has shipped.
        public let version: Int
        /// What it does.
        public let name: String
        /// The statements, run in one transaction.
        public let sql: String
    }

    /// Every migration, in order.
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "catalog", sql: """
            CREATE TABLE products (
                id text PRIMARY KEY,
                title text NOT NULL, description text, brand text, category text, price float8, currency text,
                space_id text NOT NULL,
                version bigint NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE product_attributes (
                product_id text NOT NULL REFERENCES products(id) ON DELETE CASCADE,
                ordinal int NOT NULL, name text NOT NULL, value text NOT NULL,
                PRIMARY KEY (product_id, ordinal));
            CREATE TABLE appearances (
                product_id text NOT NULL REFERENCES products(id) ON DELETE CASCADE,
                ordinal int NOT NULL,
                domain text NOT NULL, text text NOT NULL,
                summary_text text, summary_source text, summary_model text,
                image_count int NOT NULL,
                space_id text NOT NULL,
                fused bytea NOT NULL, visual bytea,
                PRIMARY KEY (product_id, ordinal));
            CREATE TABLE product_changes (
                seq bigserial PRIMARY KEY,
                xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
                product_id text NOT NULL,
                op text NOT NULL,
                at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX product_changes_xid ON product_changes (xid);
            CREATE FUNCTION ampere_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    INSERT INTO product_changes (product_id, op) VALUES (OLD.id, 'delete');
                ELSE
                    INSERT INTO product_changes (product_id, op) VALUES (NEW.id, 'upsert');
                END IF;
                PERFORM pg_notify('ampere_changes', '');
                RETURN NULL;
            END $$;
            CREATE TRIGGER products_log_change AFTER INSERT OR UPDATE OR DELETE ON products
                FOR EACH ROW EXECUTE FUNCTION ampere_log_change();
            """),
        // How far the change table has been purged: a node whose cursor lies below it reconciles instead of tailing.
        Migration(version: 2, name: "feed_state", sql: """
            CREATE TABLE ampere_feed_state (name text PRIMARY KEY, xid xid8 NOT NULL);
            """),
    ]

    /// Applies the migrations not yet recorded in `ampere_schema`, in one transaction under an advisory lock (nodes
    /// starting together migrate once; a failed step leaves nothing behind). Returns the versions applied.
    @discardableResult
    public static func migrate(_ conn: PGConnection) throws(PGError) -> [Int] {
        try conn.transaction { (c) throws(PGError) -> [Int] in
            try c.execute("SELECT pg_advisory_xact_lock(72426001)")
            try c.execute("""
                CREATE TABLE IF NOT EXISTS ampere_schema (version int PRIMARY KEY, name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """)
            let seen = try c.execute("SELECT version FROM ampere_schema")
            let done = Set((0..<seen.count).compactMap { seen.int64($0, 0) }.map(Int.init))
            var applied: [Int] = []
            for migration in migrations where !done.contains(migration.version) {
                try c.executeScript(migration.sql)
                try c.execute("INSERT INTO ampere_schema (version, name) VALUES ($1, $2)",
                              [.int(Int64(migration.version)), .text(migration.name)])
                applied.append(migration.version)
            }
            return applied
        }
    }
}
