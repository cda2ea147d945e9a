import Foundation
import Testing
@testable import Storage

/// A fresh directory under the system temp dir, removed by the caller.
private func scratchPath(_ name: String = "db.sqlite") -> (dir: URL, path: String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ampere-db-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return (dir, dir.appendingPathComponent(name).path)
}

@Suite("SQLite wrapper")
struct DatabaseTests {
    @Test func valuesRoundTripThroughAFile() throws {
        let (dir, path) = scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let db = try Database(path: path)
            try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
            try db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                       [Int64.max, 2.5, "héllo 世界", [UInt8]([0, 1, 255]), String?.none])
            try db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [-1, 0.0, "", [UInt8](), "x"])
        }
        let db = try Database(path: path, readOnly: true)
        let rows = try db.cached("SELECT i, r, s, b, n FROM t ORDER BY rowid").rows { row in
            (row.int64(0), row.double(1), row.string(2), row.blob(3), row.optionalString(4), row.isNull(3))
        }
        #expect(rows.count == 2)
        #expect(rows[0].0 == Int64.max && rows[0].1 == 2.5 && rows[0].2 == "héllo 世界")
        #expect(rows[0].3 == [0, 1, 255] && rows[0].4 == nil)
        #expect(rows[1].0 == -1 && rows[1].3 == [] && rows[1].4 == "x" && rows[1].5 == false)
    }

    @Test func walModeIsOn() throws {
        let (dir, path) = scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Database(path: path)
        #expect(try db.cached("PRAGMA journal_mode").first { $0.string(0) } == "wal")
    }

    @Test func failedTransactionRollsBackEverything() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        try db.run("INSERT INTO t VALUES (1, 'kept')")
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES (2, 'lost')")
                throw Boom()
            }
        }
        #expect(!db.isInTransaction)
        #expect(try db.cached("SELECT count(*) FROM t").first { $0.int(0) } == 1)
    }

    @Test func nestedTransactionRollsBackOnlyTheInnerPart() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        try db.transaction {
            try db.run("INSERT INTO t VALUES (1)")
            _ = try? db.transaction {
                try db.run("INSERT INTO t VALUES (2)")
                try db.run("INSERT INTO t VALUES (1)") // primary key violation
            }
            try db.run("INSERT INTO t VALUES (3)")
        }
        #expect(try db.cached("SELECT id FROM t ORDER BY id").rows { $0.int(0) } == [1, 3])
    }

    @Test func errorsCarryCodeAndSQLButNotBoundValues() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        try db.run("INSERT INTO t VALUES (?)", [42])
        do {
            try db.run("INSERT INTO t VALUES (?)", [42])
            Issue.record("expected a constraint error")
        } catch {
            #expect(error.isConstraintViolation)
            #expect(error.sql == "INSERT INTO t VALUES (?)")
            #expect(!error.description.contains("42"))
        }
        #expect(throws: SQLiteError.self) { try db.execute("SELEC nonsense") }
    }

    @Test func migrationsApplyOnceInOrder() throws {
        let (dir, path) = scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        var migrator = Migrator()
        migrator.register([
            .init("0001_a", sql: "CREATE TABLE a (x INTEGER)"),
            .init("0002_b", sql: "CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (1)"),
        ])
        #expect(try migrator.migrate(try Database(path: path)) == ["0001_a", "0002_b"])
        let db = try Database(path: path)
        #expect(try migrator.migrate(db) == [])
        #expect(try db.cached("SELECT count(*) FROM a").first { $0.int(0) } == 1)
    }

    @Test func failingMigrationLeavesNoTrace() throws {
        let db = try Database(path: ":memory:")
        var migrator = Migrator()
        migrator.register([.init("0001_bad", sql: "CREATE TABLE ok (x INTEGER); CREATE TABLE broken (")])
        #expect(throws: SQLiteError.self) { try migrator.migrate(db) }
        #expect(try db.cached("SELECT count(*) FROM sqlite_master WHERE name = 'ok'").first { $0.int(0) } == 0)
        #expect(try db.cached("SELECT count(*) FROM schema_migrations").first { $0.int(0) } == 0)
    }

    @Test func queueRunsWorkOffTheCallerAndIsReentrant() async throws {
        let (dir, path) = scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute("CREATE TABLE t (v INTEGER)") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<20 {
                group.addTask { try await queue.run { db in try db.run("INSERT INTO t VALUES (?)", [i]) } }
            }
            try await group.waitForAll()
        }
        let total = try queue.sync { db in
            try queue.sync { _ in try db.cached("SELECT sum(v) FROM t").first { $0.int(0) } }
        }
        #expect(total == 190)
    }
}
