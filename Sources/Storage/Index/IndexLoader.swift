import HNSW

/// Brings the in-memory index back at start-up: the newest snapshot file that checks out (its header row, size,
/// checksum, parameters and graph invariants), else the newest legacy in-database snapshot, plus every change
/// committed after it (upserts and deletes); with no usable snapshot, a rebuild from the stored vectors. A bad
/// snapshot is reported and skipped, never trusted and never fatal.
public enum IndexLoader {
    /// Loads the index from `db` (which must have `IndexSchema` applied), looking for snapshot files in
    /// `snapshotDirectory` (nil: only legacy snapshots). Returns the index, the sequence it reflects, and what
    /// happened.
    public static func load(_ db: Database, configuration: HNSWConfiguration, snapshotDirectory: String?) throws
        -> (index: HNSWIndex, sequence: Int64, report: IndexLoadReport) {
        let clock = ContinuousClock(), start = clock.now
        func seconds() -> Double { IndexSnapshotter.seconds(clock.now - start) }
        // One transaction: the snapshot choice and the replayed changes see the same committed state.
        return try db.transaction {
            let last = try VectorTable.lastSequence(db)
            var rejected: [String] = []
            func loaded(_ index: HNSWIndex, id: Int64, sequence: Int64, file: String?) throws
                -> (HNSWIndex, Int64, IndexLoadReport) {
                let (replayed, skipped) = try replay(db, into: index, after: sequence)
                var report = IndexLoadReport(source: .snapshot(id: id, sequence: sequence), replayed: replayed,
                                             rejected: rejected, seconds: seconds())
                report.file = file
                report.legacy = file == nil
                report.skippedVectors = skipped
                return (index, last, report)
            }
            if let directory = snapshotDirectory {
                for entry in try IndexSnapshotFileTable.entries(db) {
                    let name = "snapshot file \(entry.fileName)"
                    guard entry.sequence <= last else {
                        rejected.append("\(name): covers sequence \(entry.sequence) beyond the stored \(last)")
                        continue
                    }
                    guard entry.matches(configuration) else {
                        rejected.append("\(name): dimension \(entry.dimension) metric \(entry.metric) M \(entry.M) "
                                        + "efConstruction \(entry.efConstruction) differ from the configuration")
                        continue
                    }
                    do {
                        let (index, sequence) = try SnapshotFile.withMapped("\(directory)/\(entry.fileName)") { raw in
                            guard raw.count == entry.bytes else {
                                throw SnapshotFileProblem("has \(raw.count) bytes, its header row says \(entry.bytes)")
                            }
                            guard HNSWIndex.storedChecksum(ofSnapshot: raw) == entry.checksum else {
                                throw SnapshotFileProblem("ends with another checksum than its header row's")
                            }
                            return try HNSWIndex.load(snapshot: raw, configuration: configuration)
                        }
                        guard Int64(sequence) == entry.sequence else {
                            rejected.append("\(name): sequence mismatch")
                            continue
                        }
                        return try loaded(index, id: entry.id, sequence: entry.sequence, file: entry.fileName)
                    } catch {
                        rejected.append("\(name): \(error)")
                    }
                }
            }
            for entry in try IndexSnapshotTable.entries(db) {
                guard entry.sequence <= last else {
                    rejected.append("snapshot \(entry.id): covers sequence \(entry.sequence) beyond the stored \(last)")
                    continue
                }
                do {
                    guard let (index, sequence) = try IndexSnapshotTable.load(db, id: entry.id, configuration: configuration),
                          Int64(sequence) == entry.sequence else {
                        rejected.append("snapshot \(entry.id): sequence mismatch")
                        continue
                    }
                    return try loaded(index, id: entry.id, sequence: entry.sequence, file: nil)
                } catch {
                    rejected.append("snapshot \(entry.id): \(error)")
                }
            }
            let index = HNSWIndex(configuration: configuration)
            var skipped = 0
            try VectorTable.forEachLive(db) { key, vector in
                guard vector.count == configuration.dimension else { skipped += 1; return }
                index.insert(key: key, vector: vector)
            }
            var report = IndexLoadReport(source: .rebuilt, replayed: 0, rejected: rejected, seconds: seconds())
            report.skippedVectors = skipped
            return (index, last, report)
        }
    }

    /// Applies every change after `sequence` to `index`; returns how many were applied and how many upserts were
    /// skipped because their vector's length is not the index's dimension. Public so a replica can tail the feed.
    @discardableResult
    public static func replay(_ db: Database, into index: HNSWIndex, after sequence: Int64) throws
        -> (applied: Int, skipped: Int) {
        let changes = try VectorTable.changes(db, after: sequence)
        var skipped = 0
        for change in changes {
            if let vector = change.vector {
                guard vector.count == index.configuration.dimension else {
                    // The key's stored state is unusable: drop whatever older vector the snapshot had for it.
                    index.remove(key: change.key)
                    skipped += 1
                    continue
                }
                index.insert(key: change.key, vector: vector)
            } else {
                index.remove(key: change.key)
            }
        }
        return (changes.count - skipped, skipped)
    }
}

/// Why a snapshot file does not match its header row.
struct SnapshotFileProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
