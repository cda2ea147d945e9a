import App
import ArgumentParser
import Foundation
import Logging

/// `ampere cluster-import`: move a single-node data directory into the cluster's PostgreSQL.
struct ClusterImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster-import",
        abstract: "Copy a single-node data directory's catalog (rows, summaries, vectors) into the cluster's PostgreSQL.",
        discussion: "Each batch is one transaction; running it again writes the same products again (upserts by id), "
            + "so an interrupted import is simply repeated. Stop the single node first (the data directory is locked). "
            + "Replica nodes pick the products up through their feed.")

    @Option(name: .customLong("data-dir"), help: "The single-node data directory.")
    var dataDir: String

    @Option(name: .customLong("pg-url"), help: "libpq conninfo of the cluster (all members; the primary is found). Default: $AMPERE_CLUSTER_PG_URL.")
    var pgURL: String?

    @Option(help: "Products per transaction.")
    var batch: Int = 500

    func run() async throws {
        guard let url = pgURL ?? ProcessInfo.processInfo.environment["AMPERE_CLUSTER_PG_URL"], !url.isEmpty else {
            throw ValidationError("give --pg-url or set AMPERE_CLUSTER_PG_URL")
        }
        guard (1...10_000).contains(batch) else { throw ValidationError("--batch must be 1...10000") }
        let lock = DataDirectoryLock()
        try lock.acquire(directory: dataDir, command: "ampere cluster-import")
        defer { lock.release() }
        let path = URL(fileURLWithPath: dataDir).appendingPathComponent("ampere.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no catalog at \(path)") }
        let report = try await ClusterImport.run(databasePath: path, conninfo: url, batch: batch,
                                                 logger: Logger(label: "ampere.cluster-import")) { count in
            if count % 10_000 < 500 { FileHandle.standardError.write(Data("\(count) products\n".utf8)) }
        }
        print("copied \(report.products) products (\(report.appearances) appearances) in "
              + String(format: "%.1f", report.seconds) + " s")
    }
}
