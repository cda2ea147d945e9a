import Cluster
import Logging
import Storage

/// `ampere cluster-import`: copies a single-node data directory's catalog (rows, summaries, vectors, times) into
/// the cluster's PostgreSQL, in batches of one transaction each, resumable by id (products already there are
/// written again, which is harmless: an upsert by id). Replica nodes then pick the products up through their feed.
package enum ClusterImport {
    /// What an import did.
    package struct Report: Sendable {
        /// Products copied.
        package var products = 0
        /// Appearances copied.
        package var appearances = 0
        /// Seconds it took.
        package var seconds = 0.0
    }

    /// Copies every product of the SQLite catalog at `databasePath` into the PostgreSQL of `conninfo`, `batch` per
    /// transaction, creating or migrating the schema first. `progress` gets the running count.
    package static func run(databasePath: String, conninfo: String, batch: Int, logger: Logger,
                            progress: @Sendable (Int) -> Void = { _ in }) async throws -> Report {
        var migrator = Migrator()
        migrator.register(SQLiteCatalogStore.migrations)
        try migrator.migrate(try Database(path: databasePath))
        let store = try SQLiteCatalogStore(path: databasePath)
        let writer = PGCatalogWriter(conninfo: conninfo, connections: 1, timeout: .seconds(120), retryBudget: .seconds(30),
                                     logger: logger)
        try await writer.migrate()
        let clock = ContinuousClock()
        let started = clock.now
        var report = Report()
        var cursor: String?
        while true {
            let page = try await store.exportProducts(after: cursor, limit: batch)
            guard let last = page.last else { break }
            try await writer.importBatch(page)
            report.products += page.count
            report.appearances += page.reduce(0) { $0 + $1.appearances.count }
            cursor = last.draft.info.id
            progress(report.products)
        }
        report.seconds = (clock.now - started) / .seconds(1)
        return report
    }
}
