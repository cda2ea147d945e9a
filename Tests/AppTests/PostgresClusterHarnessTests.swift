import Foundation
import Testing
import TestSupport

/// At file scope: the suite's `.enabled(if:)` trait reads it (see ReleaseBinaryTests for why not inside the type).
private let postgresMissing = PostgresCluster.availability

/// The PostgreSQL harness that the replica-mode tests stand on: real servers, a real standby, a real failover.
@Suite(.enabled(if: postgresMissing == nil, "\(postgresMissing ?? "")"), .serialized)
struct PostgresClusterHarnessTests {
    @Test func standbyServesWhatThePrimaryCommittedAndSurvivesAPromote() async throws {
        try await PostgresCluster.blocking {
            let pg = try PostgresCluster.start()
            defer { pg.stop() }
            #expect(try pg.sql("SELECT pg_is_in_recovery()", port: pg.primaryPort) == "f")
            #expect(try pg.sql("SELECT pg_is_in_recovery()", port: pg.standbyPort) == "t")
            #expect(try pg.sql("SELECT sync_state FROM pg_stat_replication", port: pg.primaryPort) == "sync")
            #expect(try pg.sql("SELECT inet_server_port()", url: pg.writeURL) == "\(pg.primaryPort)")
            #expect(try pg.sql("SELECT inet_server_port()", url: pg.readURL) == "\(pg.standbyPort)")

            try pg.sql("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)")
            for id in 1...50 { try pg.sql("INSERT INTO items VALUES (\(id), 'item \(id)')") }
            // synchronous_commit=on waits for the standby's flush, not its replay: wait until it is visible.
            try waitFor("50 rows on the standby") { try pg.sql("SELECT count(*) FROM items", port: pg.standbyPort) == "50" }
            #expect(try pg.sql("SELECT name FROM items WHERE id = 7", port: pg.standbyPort) == "item 7")
            #expect(throws: PostgresClusterError.self) { try pg.sql("INSERT INTO items VALUES (99, 'x')", port: pg.standbyPort) }

            // The crash: every acknowledged commit (all 51) must be on the standby once it is promoted.
            try pg.sql("INSERT INTO items VALUES (51, 'last before the crash')")
            pg.killPrimary()
            #expect(throws: PostgresClusterError.self) { try pg.sql("SELECT 1", port: pg.primaryPort) }
            try pg.promoteStandby()
            #expect(pg.leaderPort == pg.standbyPort)
            #expect(try pg.sql("SELECT count(*) FROM items") == "51")
            #expect(try pg.sql("SELECT name FROM items WHERE id = 51") == "last before the crash")

            // writeURL skips the dead host and lands on the new primary, which takes writes without a standby.
            #expect(try pg.sql("SELECT inet_server_port()", url: pg.writeURL) == "\(pg.standbyPort)")
            #expect(try pg.sql("INSERT INTO items VALUES (52, 'after') RETURNING id", url: pg.writeURL) == "52")
            #expect(try pg.sql("SELECT count(*) FROM items", url: pg.readURL) == "52")

            let directory = pg.directory
            pg.stop()
            pg.stop()  // idempotent
            #expect(!FileManager.default.fileExists(atPath: directory))
        }
    }

    @Test func asynchronousStandbyAndASingleServer() async throws {
        try await PostgresCluster.blocking {
            let async = try PostgresCluster.start(synchronous: false)
            defer { async.stop() }
            #expect(try async.sql("SELECT sync_state FROM pg_stat_replication", port: async.primaryPort) == "async")
            #expect(try async.sql("SHOW synchronous_standby_names", port: async.primaryPort) == "")

            let single = try PostgresCluster.start(standby: false)
            defer { single.stop() }
            #expect(!single.writeURL.contains(","))
            #expect(try single.sql("SELECT current_database()", url: single.writeURL) == "ampere")
            #expect(try single.sql("SELECT count(*) FROM pg_stat_replication") == "0")
            #expect(throws: PostgresClusterError.self) { try single.promoteStandby() }
        }
    }
}

/// Polls `condition` every 10 ms until it holds (at most 10 s), then fails the test naming `what`.
private func waitFor(_ what: String, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(10)
    while try !condition() {
        if Date() > deadline { Issue.record("timed out waiting for \(what)"); return }
        usleep(10_000)
    }
}
