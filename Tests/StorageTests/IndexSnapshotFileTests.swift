import Foundation
import HNSW
import Testing
import VectorMath
@testable import Storage

/// Snapshot files: any size (no blob limit), crash-safe writes, the newest valid file loaded with only the later
/// changes replayed, a damaged newest file falling back to the previous one, the legacy blob migrated once, and a
/// snapshot never claiming changes another writer made.
@Suite("Index snapshot files")
struct IndexSnapshotFileTests {
    typealias P = IndexPersistenceTests

    static func fileNames(in dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("index-") }.sorted()
    }

    @Test func aSnapshotLargerThanTheBlobLimitIsWrittenAndLoaded() throws {
        let (dir, path) = P.scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = P.vectors(3_000, seed: 11)
        let limit: Int32 = 100_000
        var saved: IndexSnapshotSaved?
        do {
            let store = try PersistedIndex(path: path, configuration: P.configuration(), snapshotChunkBytes: 8_192)
            for (i, v) in data.enumerated() { try store.upsert(key: Int64(i), vector: v) }
            // This connection now refuses any blob over `limit`, as SQLite refuses any over 1e9 bytes by default.
            try store.withDatabase { db in db.setLengthLimit(limit) }
            saved = try store.saveSnapshot()
            #expect(saved!.bytes > Int(limit) * 3)
            // The old single-blob snapshot of the same graph fails there, with an error rather than a trap.
            let bytes = store.index.snapshot(sequence: 1)
            #expect(bytes.count == saved!.bytes)
            let error = try #require(throws: SQLiteError.self) {
                try store.withDatabase { db in
                    try IndexSnapshotTable.save(db, bytes: bytes, sequence: 1, configuration: P.configuration(), count: 1)
                }
            }
            #expect(error.code == 18)  // SQLITE_TOOBIG
        }
        #expect(try Self.fileNames(in: dir) == [saved!.fileName])
        let reopened = try PersistedIndex(path: path, configuration: P.configuration())
        #expect(reopened.loadReport.source == .snapshot(id: saved!.id, sequence: 3_000))
        #expect(reopened.loadReport.file == saved!.fileName)
        #expect(reopened.loadReport.replayed == 0)
        #expect(reopened.index.count == 3_000)
        #expect(reopened.index.invariantViolations() == [])
        for (i, v) in data.enumerated() where i % 100 == 0 {
            #expect(reopened.search(v, k: 1).first?.key == Int64(i))
        }
    }

    @Test func bindingABlobOverTheLengthLimitThrowsTooBig() throws {
        let (dir, path) = P.scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Database(path: path)
        db.setLengthLimit(1_000)
        let error = try #require(throws: SQLiteError.self) {
            try db.run("SELECT length(?)", [[UInt8](repeating: 7, count: 1_001)])
        }
        #expect(error.code == 18)
        try db.run("SELECT length(?)", [[UInt8](repeating: 7, count: 1_000)])
    }

    @Test func restartReplaysOnlyTheWritesAfterTheSnapshot() throws {
        let (dir, path) = P.scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = P.vectors(300, seed: 12), after = P.vectors(1_000, seed: 13)
        var snapshotSequence: Int64 = 0
        do {
            let store = try PersistedIndex(path: path, configuration: P.configuration())
            for (i, v) in before.enumerated() { try store.upsert(key: Int64(i), vector: v) }
            snapshotSequence = try store.saveSnapshot().sequence
            #expect(snapshotSequence == 300)
            for (i, v) in after.enumerated() { try store.upsert(key: Int64(10_000 + i), vector: v) }
            #expect(try store.snapshots.pendingChanges() == 1_000)
        }
        let reopened = try PersistedIndex(path: path, configuration: P.configuration())
        guard case .snapshot(_, let sequence) = reopened.loadReport.source else {
            Issue.record("rebuilt instead of loading the snapshot: \(reopened.loadReport)")
            return
        }
        #expect(sequence == snapshotSequence)
        #expect(reopened.loadReport.replayed == 1_000)
        #expect(reopened.index.count == 1_300)
        #expect(reopened.search(after[999], k: 1).first?.key == 10_999)
        // The loaded process applied everything: a snapshot now covers it all and a restart replays nothing.
        #expect(try reopened.saveSnapshot().sequence == 1_300)
        let again = try PersistedIndex(path: path, configuration: P.configuration())
        #expect(again.loadReport.replayed == 0)
    }

    @Test(arguments: ["temp", "orphan", "failedSink"])
    func aWriteKilledHalfWayLeavesTheOldSnapshotUsable(crash: String) throws {
        let (dir, path) = P.scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = P.vectors(250, seed: 14)
        var first: IndexSnapshotSaved?
        var stray = ""
        do {
            let store = try PersistedIndex(path: path, configuration: P.configuration())
            for (i, v) in data.prefix(200).enumerated() { try store.upsert(key: Int64(i), vector: v) }
            first = try store.saveSnapshot()
            for (i, v) in data.dropFirst(200).enumerated() { try store.upsert(key: Int64(200 + i), vector: v) }
            let bytes = store.index.snapshot(sequence: 250)
            switch crash {
            case "temp":  // killed while streaming: half a temp file of a process that is gone
                stray = "index-pending-0badf00d.hnsw.tmp-99999999"
                try Data(bytes.prefix(bytes.count / 2)).write(to: dir.appendingPathComponent(stray))
            case "orphan":  // killed after the rename, before the header row committed
                stray = "index-250-0badf00d.hnsw"
                try Data(bytes).write(to: dir.appendingPathComponent(stray))
            default:  // the write fails half-way inside this process (disk full): its temp file goes at once
                struct DiskFull: Error {}
                #expect(throws: DiskFull.self) {
                    _ = try SnapshotFile.write(directory: dir.path, tag: "0badf00d", { sink in
                        try bytes.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<1_000])) }
                        throw DiskFull()
                    }, name: { _ in "never" })
                }
                #expect(try Self.fileNames(in: dir) == [first!.fileName])
            }
        }
        let reopened = try PersistedIndex(path: path, configuration: P.configuration())
        #expect(reopened.loadReport.file == first!.fileName)
        #expect(reopened.loadReport.replayed == 50)
        #expect(reopened.loadReport.rejected.isEmpty)
        #expect(reopened.index.count == 250)
        if crash == "temp" {  // removed at start-up: its writer is not running any more
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(stray).path))
        }
    }

    @Test func aCorruptNewestFileFallsBackToThePreviousOne() throws {
        let (dir, path) = P.scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = P.vectors(330, seed: 15)
        var older: IndexSnapshotSaved?
        do {
            let store = try PersistedIndex(path: path, configuration: P.configuration(), keepSnapshots: 2)
            for (i, v) in data.prefix(100).enumerated() { try store.upsert(key: Int64(i), vector: v) }
            let oldest = try store.saveSnapshot()
            for (i, v) in data[100..<300].enumerated() { try store.upsert(key: Int64(100 + i), vector: v) }
            older = try store.saveSnapshot()
            for (i, v) in data[300..<310].enumerated() { try store.upsert(key: Int64(300 + i), vector: v) }
            let newest = try store.saveSnapshot()
            // Two kept: the oldest file and its row are gone.
            #expect(try Self.fileNames(in: dir) == [older!.fileName, newest.fileName].sorted())
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(oldest.fileName).path))
            for (i, v) in data[310..<330].enumerated() { try store.upsert(key: Int64(310 + i), vector: v) }
            let file = dir.appendingPathComponent(newest.fileName)
            var bytes = try Data(contentsOf: file)
            bytes[bytes.count / 3] ^= 0x01
            try bytes.write(to: file)
        }
        let reopened = try PersistedIndex(path: path, configuration: P.configuration())
        #expect(reopened.loadReport.file == older!.fileName)
        #expect(reopened.loadReport.rejected.count == 1)
        #expect(reopened.loadReport.rejected.first?.contains("checksum") == true, "\(reopened.loadReport.rejected)")
        #expect(reopened.loadReport.replayed == 30)
        #expect(reopened.index.count == 330)
    }

    @Test func aLegacyBlobIsMigratedToAFileOnce() throws {
        let (dir, path) = P.scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = P.vectors(200, seed: 16)
        do {
            let store = try PersistedIndex(path: path, configuration: P.configuration())
            for (i, v) in data.enumerated() { try store.upsert(key: Int64(i), vector: v) }
            try store.withDatabase { db in  // what a server before the files wrote
                try IndexSnapshotTable.save(db, bytes: store.index.snapshot(sequence: 180), sequence: 180,
                                            configuration: P.configuration(), count: 200)
            }
        }
        #expect(try Self.fileNames(in: dir).isEmpty)
        let migrated = try PersistedIndex(path: path, configuration: P.configuration())
        #expect(migrated.loadReport.legacy)
        let file = try #require(migrated.loadReport.migratedTo)
        #expect(migrated.loadReport.replayed == 20)
        #expect(try Self.fileNames(in: dir) == [file])
        #expect(try migrated.withDatabase { db in try IndexSnapshotTable.entries(db) }.isEmpty)
        let again = try PersistedIndex(path: path, configuration: P.configuration())
        #expect(!again.loadReport.legacy)
        #expect(again.loadReport.file == file)
        #expect(again.loadReport.replayed == 0)
        #expect(again.index.count == 200)
    }

    @Test func anotherWritersChangesAreNotClaimedByTheSnapshot() throws {
        let (dir, path) = P.scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = P.vectors(120, seed: 17)
        do {
            let store = try PersistedIndex(path: path, configuration: P.configuration())
            for (i, v) in data.prefix(100).enumerated() { try store.upsert(key: Int64(i), vector: v) }
            // A second process writes the same file: sequences 101...110, which this graph never sees.
            let other = try Database(path: path)
            try other.transaction {
                for (i, v) in data[100..<110].enumerated() { try VectorTable.upsert(other, key: Int64(500 + i), vector: v) }
            }
            try store.upsert(key: 1_000, vector: data[110])  // sequence 111, applied here after the gap
            #expect(store.snapshots.applied.gapAfter == 100)
            #expect(try store.saveSnapshot().sequence == 100)
        }
        let reopened = try PersistedIndex(path: path, configuration: P.configuration())
        #expect(reopened.loadReport.replayed == 11)
        #expect(reopened.index.count == 111)
        #expect(reopened.index.contains(key: 505) && reopened.index.contains(key: 1_000))
    }

    @Test func storedVectorsOfTheWrongLengthAreSkippedAndCounted() throws {
        let (dir, path) = P.scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = P.vectors(60, seed: 18)
        do {
            let store = try PersistedIndex(path: path, configuration: P.configuration())
            for (i, v) in data.prefix(50).enumerated() { try store.upsert(key: Int64(i), vector: v) }
            try store.saveSnapshot()
            try store.withDatabase { db in
                try db.transaction {
                    try VectorTable.upsert(db, key: 7, vector: [1, 2, 3])  // a damaged row replacing key 7
                    try VectorTable.upsert(db, key: 99, vector: data[55])
                }
            }
        }
        let reopened = try PersistedIndex(path: path, configuration: P.configuration())
        guard case .snapshot = reopened.loadReport.source else {
            Issue.record("expected a snapshot load: \(reopened.loadReport)")
            return
        }
        #expect(reopened.loadReport.skippedVectors == 1)
        #expect(reopened.loadReport.replayed == 1)
        #expect(!reopened.index.contains(key: 7) && reopened.index.contains(key: 99))
        // The rebuild path counts them too.
        try reopened.withDatabase { db in try db.run("DELETE FROM index_snapshot_files") }
        let rebuilt = try PersistedIndex(path: path, configuration: P.configuration())
        #expect(rebuilt.loadReport.source == .rebuilt)
        #expect(rebuilt.loadReport.skippedVectors == 1)
        #expect(rebuilt.index.count == 50)
    }
}
