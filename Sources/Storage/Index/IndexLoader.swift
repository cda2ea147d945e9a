import HNSW

/// Brings the in-memory index back at start-up: the newest snapshot that decodes cleanly, plus every change
/// committed after it (upserts and deletes); with no usable snapshot, a rebuild from the stored vectors. A bad
/// snapshot is reported and skipped, never trusted and never fatal.
public enum IndexLoader {
    /// Loads the index from `db` (which must have `IndexSchema` applied). Returns the index, the sequence it
    /// reflects, and what happened.
    public static func load(_ db: Database, configuration: HNSWConfiguration) throws
        -> (index: HNSWIndex, sequence: Int64, report: IndexLoadReport) {
        let clock = ContinuousClock(), start = clock.now
        func seconds() -> Double {
            let d = clock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        // One transaction: the snapshot choice and the replayed changes see the same committed state.
        return try db.transaction {
            let last = try VectorTable.lastSequence(db)
            var rejected: [String] = []
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
                    let replayed = try replay(db, into: index, after: entry.sequence)
                    let report = IndexLoadReport(source: .snapshot(id: entry.id, sequence: entry.sequence),
                                                 replayed: replayed, rejected: rejected, seconds: seconds())
                    return (index, last, report)
                } catch {
                    rejected.append("snapshot \(entry.id): \(error)")
                }
            }
            let index = HNSWIndex(configuration: configuration)
            try VectorTable.forEachLive(db) { key, vector in index.insert(key: key, vector: vector) }
            return (index, last, IndexLoadReport(source: .rebuilt, replayed: 0, rejected: rejected, seconds: seconds()))
        }
    }

    /// Applies every change after `sequence` to `index`; returns how many. Public so a replica can tail the feed.
    @discardableResult
    public static func replay(_ db: Database, into index: HNSWIndex, after sequence: Int64) throws -> Int {
        let changes = try VectorTable.changes(db, after: sequence)
        for change in changes {
            if let vector = change.vector {
                index.insert(key: change.key, vector: vector)
            } else {
                index.remove(key: change.key)
            }
        }
        return changes.count
    }
}
