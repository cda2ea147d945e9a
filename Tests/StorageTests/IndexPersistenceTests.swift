import Foundation
import HNSW
import Testing
import VectorMath
@testable import Storage

/// The durable index: vectors committed in SQLite, snapshots checked before use, replay after the snapshot,
/// rebuild when no snapshot can be trusted.
@Suite("Index persistence")
struct IndexPersistenceTests {
    static let dimension = 16

    static func configuration() -> HNSWConfiguration {
        HNSWConfiguration(dimension: dimension, metric: .cosine, M: 8, efConstruction: 60, seed: 9, initialCapacity: 16)
    }

    static func scratchPath() -> (dir: URL, path: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ampere-index-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (dir, dir.appendingPathComponent("index.sqlite").path)
    }

    static func vectors(_ count: Int, seed: UInt64) -> [[Float]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in rng.vector(count: dimension) }
    }

    @Test func reopenRebuildsThenUsesTheSnapshotAndReplays() throws {
        let (dir, path) = Self.scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = Self.vectors(400, seed: 1)
        let queries = Self.vectors(20, seed: 2)
        var expected: [[IndexHit]] = []
        do {
            let store = try PersistedIndex(path: path, configuration: Self.configuration())
            #expect(store.loadReport.source == .rebuilt)
            for (i, v) in data.enumerated() { try store.upsert(key: Int64(i), vector: v) }
            for key in stride(from: Int64(0), to: 400, by: 5) { #expect(try store.delete(key: key)) }
            #expect(try !store.delete(key: 0))
            try store.saveSnapshot()
            // Changes after the snapshot: must be replayed on the next start, deletes included.
            try store.upsert(key: 1_000, vector: data[3])
            #expect(try store.delete(key: 1))
            try store.upsert(key: 2, vector: data[7])
            expected = queries.map { store.search($0, k: 10) }
            #expect(store.index.count == 400 - 80 + 1 - 1)
        }
        let reopened = try PersistedIndex(path: path, configuration: Self.configuration())
        guard case .snapshot = reopened.loadReport.source else {
            Issue.record("expected a snapshot load, got \(reopened.loadReport)")
            return
        }
        #expect(reopened.loadReport.replayed == 3)
        #expect(reopened.index.count == 400 - 80 + 1 - 1)
        #expect(!reopened.index.contains(key: 1) && !reopened.index.contains(key: 5))
        #expect(reopened.index.contains(key: 1_000))
        #expect(reopened.index.invariantViolations() == [])
        let got = queries.map { reopened.search($0, k: 10) }
        // Same keys found (a replayed update lands in a new slot, so compare keys, not slots).
        #expect(got.map { $0.map(\.key) } == expected.map { $0.map(\.key) })
    }

    @Test(arguments: ["corrupt", "truncated", "version", "parameters", "stale", "missing", "checksum"])
    func damagedSnapshotsAreRebuiltWithoutLoss(damage: String) throws {
        let (dir, path) = Self.scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = Self.vectors(300, seed: 3)
        do {
            let store = try PersistedIndex(path: path, configuration: Self.configuration(), keepSnapshots: 1)
            for (i, v) in data.enumerated() { try store.upsert(key: Int64(i), vector: v) }
            let saved = try store.saveSnapshot()
            let file = dir.appendingPathComponent(saved.fileName)
            var bytes = try Data(contentsOf: file)
            switch damage {
            case "corrupt":  // flip one byte in the middle of the file
                bytes[bytes.count / 2] ^= 0x40
                try bytes.write(to: file)
            case "truncated":
                try bytes.prefix(bytes.count - 1000).write(to: file)
            case "version":  // format version lives at bytes 8..<12
                bytes[8] = 99
                try bytes.write(to: file)
            case "missing":
                try FileManager.default.removeItem(at: file)
            default:
                try store.withDatabase { db in
                    switch damage {
                    case "stale":  // a snapshot claiming changes the table never saw
                        try db.run("UPDATE index_snapshot_files SET seq = seq + 10")
                    case "checksum":  // the header row describes another file
                        try db.run("UPDATE index_snapshot_files SET checksum = checksum + 1")
                    default:
                        break
                    }
                }
            }
        }
        var configuration = Self.configuration()
        if damage == "parameters" { configuration.M = 12 }
        let reopened = try PersistedIndex(path: path, configuration: configuration)
        #expect(reopened.loadReport.source == .rebuilt)
        #expect(reopened.loadReport.rejected.count == 1, "\(reopened.loadReport.rejected)")
        #expect(reopened.index.count == 300)
        for (i, v) in data.enumerated() where i % 10 == 0 {
            #expect(reopened.search(v, k: 1).first?.key == Int64(i))
        }
    }

    @Test func vectorWritesJoinTheCallersTransaction() throws {
        let (dir, path) = Self.scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Database(path: path)
        var migrator = Migrator()
        migrator.register(IndexSchema.migrations)
        _ = try migrator.migrate(db)
        struct Boom: Error {}
        // A failing caller transaction takes the vector rows and the sequence numbers with it.
        #expect(throws: Boom.self) {
            try db.transaction {
                try VectorTable.upsert(db, key: 1, vector: [1, 2])
                try db.execute("CREATE TABLE caller_rows (x INTEGER)")
                throw Boom()
            }
        }
        #expect(try VectorTable.lastSequence(db) == 0)
        #expect(try VectorTable.liveCount(db) == 0)
        let sequences = try db.transaction {
            [try VectorTable.upsert(db, key: 1, vector: [1, 2]), try VectorTable.upsert(db, key: 2, vector: [3, 4])]
        }
        #expect(sequences == [1, 2])
        #expect(try VectorTable.delete(db, key: 1) == 3)
        #expect(try VectorTable.delete(db, key: 1) == nil)
        try VectorTable.upsert(db, key: 2, vector: [5, 6])
        // The change feed: newest state per key, in sequence order, deletes included.
        #expect(try VectorTable.changes(db, after: 0) == [
            VectorChange(sequence: 3, key: 1, vector: nil),
            VectorChange(sequence: 4, key: 2, vector: [5, 6]),
        ])
        #expect(try VectorTable.changes(db, after: 3) == [VectorChange(sequence: 4, key: 2, vector: [5, 6])])
        #expect(try VectorTable.changes(db, after: 4).isEmpty)
        var live: [Int64: [Float]] = [:]
        try VectorTable.forEachLive(db) { key, v in live[key] = Array(v) }
        #expect(live == [2: [5, 6]])
    }
}
