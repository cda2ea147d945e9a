import Dispatch
import HNSW
import Synchronization

/// Writes and loads the graph snapshot files of one database: the file beside the database (or in `directory`),
/// its header row in `index_snapshot_files`, the newest `keep` kept, older ones and stray temp files removed.
///
/// A save streams the graph to a temp file off the database's queue (writes go on meanwhile), holding the index's
/// read lock only to copy the link rows (`HNSWIndex.writeSnapshot`); only the header row's short transaction runs
/// on the queue. The sequence recorded is what `applied` says this process applied, never the log's last value.
public final class IndexSnapshotter: Sendable {
    /// Where the files live.
    public let directory: String
    /// Snapshot files kept (the newest ones; at least 1).
    public let keep: Int
    /// Bytes per write to the file.
    public let chunkBytes: Int
    /// The change-log sequence this process's graph reflects.
    public let applied = AppliedSequence()
    private let database: DatabaseQueue
    private let queue = DispatchQueue(label: "ampere.index.snapshot")
    /// One save at a time (a second caller waits for the first).
    private let saving = Mutex<Void>(())
    private let int8Vectors = Atomic<Bool>(false)

    /// How the catalog writes vectors to `index_vectors`: as the graph stores them (`VectorBlob.Encoding`), set
    /// by the last `load(configuration:)` (f32 before any).
    public var vectorEncoding: VectorBlob.Encoding { int8Vectors.load(ordering: .relaxed) ? .int8 : .f32 }

    /// Snapshots of the database behind `database`, in `directory` (default: the database file's directory).
    public init(database: DatabaseQueue, directory: String? = nil, keep: Int = 2, chunkBytes: Int = 4 << 20) {
        self.database = database
        self.directory = directory ?? Self.directory(of: database.path)
        self.keep = max(keep, 1)
        self.chunkBytes = max(chunkBytes, 4096)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Writes a snapshot of `index` and records it; blocks the calling thread (use `save(_:)` from async code).
    public func saveNow(_ index: HNSWIndex) throws -> IndexSnapshotSaved {
        try saving.withLock { _ in try write(index) }
    }

    /// `saveNow` on the snapshot queue, without holding a Swift concurrency thread.
    public func save(_ index: HNSWIndex) async throws -> IndexSnapshotSaved {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in continuation.resume(with: Result { try saveNow(index) }) }
        }
    }

    private func write(_ index: HNSWIndex) throws -> IndexSnapshotSaved {
        let clock = ContinuousClock(), start = clock.now
        try SnapshotFile.ensureDirectory(directory)
        let configuration = index.configuration
        let (written, name) = try SnapshotFile.write(directory: directory, tag: SnapshotFile.randomTag(), { sink in
            try index.writeSnapshot(sequence: { UInt64(applied.value) }, chunkBytes: chunkBytes, to: sink)
        }, name: { SnapshotFile.name(sequence: Int64($0.sequence), tag: SnapshotFile.randomTag()) })
        let fileSeconds = Self.seconds(clock.now - start)
        let entry = IndexSnapshotFileTable.Entry(
            id: 0, fileName: name, formatVersion: HNSWIndex.snapshotFormatVersion, dimension: configuration.dimension,
            metric: configuration.metric.name, M: configuration.M, efConstruction: configuration.efConstruction,
            count: written.liveCount, slots: written.slotCount, bytes: written.bytes, checksum: written.checksum,
            sequence: Int64(written.sequence), createdAt: unixTime())
        let (id, dropped): (Int64, [String])
        do {
            (id, dropped) = try database.sync { db in try db.transaction { try record(db, entry) } }
        } catch {
            SnapshotFile.remove(directory: directory, name: name)
            throw error
        }
        for old in dropped { SnapshotFile.remove(directory: directory, name: old) }
        SnapshotFile.removeStrayTemps(directory: directory)
        return IndexSnapshotSaved(id: id, fileName: name, sequence: entry.sequence, bytes: written.bytes,
                                  count: written.liveCount, slots: written.slotCount, lockSeconds: written.lockSeconds,
                                  writeSeconds: fileSeconds, seconds: Self.seconds(clock.now - start))
    }

    /// The header row, the pruning of older rows (whose files the caller removes after the commit), of delete
    /// markers every kept snapshot covers, and of legacy in-database snapshots (migrated once a file exists).
    private func record(_ db: Database, _ entry: IndexSnapshotFileTable.Entry) throws -> (Int64, [String]) {
        let id = try IndexSnapshotFileTable.insert(db, entry)
        var dropped: [String] = []
        for old in try IndexSnapshotFileTable.entries(db).dropFirst(keep) {
            try IndexSnapshotFileTable.delete(db, id: old.id)
            dropped.append(old.fileName)
        }
        try db.cached("DELETE FROM index_snapshots").run()
        if let oldest = try IndexSnapshotFileTable.oldestSequence(db) { try VectorTable.purgeDeletes(db, before: oldest) }
        return (id, dropped)
    }

    /// Loads the index (`IndexLoader`: newest valid file, else a legacy blob, else a rebuild, plus the change log
    /// after it), starts `applied` at the sequence it reflects, and turns a legacy blob into a file right away.
    /// Blocks the calling thread; runs on the database's queue.
    public func load(configuration: HNSWConfiguration) throws -> (index: HNSWIndex, report: IndexLoadReport) {
        int8Vectors.store(configuration.vectorType == .int8, ordering: .relaxed)
        return try database.sync { db in
            SnapshotFile.removeStrayTemps(directory: directory)
            var (index, sequence, report) = try IndexLoader.load(db, configuration: configuration, snapshotDirectory: directory)
            applied.reset(to: sequence)
            if report.legacy {
                do {
                    let saved = try saveNow(index)
                    report.migratedTo = saved.fileName
                } catch {
                    report.rejected.append("legacy snapshot not migrated to a file: \(error)")
                }
            }
            return (index, report)
        }
    }

    /// Vector changes this process applied since the newest snapshot file (what a restart would replay of ours).
    public func pendingChanges() throws -> Int64 {
        let newest = try database.sync { db in try IndexSnapshotFileTable.entries(db).first?.sequence } ?? 0
        return max(applied.value - newest, 0)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// What one snapshot save did.
public struct IndexSnapshotSaved: Sendable, Equatable {
    /// Header row id.
    public var id: Int64
    /// The file written.
    public var fileName: String
    /// The change-log sequence it covers.
    public var sequence: Int64
    /// File size.
    public var bytes: Int
    /// Live vectors.
    public var count: Int
    /// Slots.
    public var slots: Int
    /// Seconds the index's read lock was held.
    public var lockSeconds: Double
    /// Seconds to stream, fsync and rename the file.
    public var writeSeconds: Double
    /// Seconds of the whole save.
    public var seconds: Double
}
