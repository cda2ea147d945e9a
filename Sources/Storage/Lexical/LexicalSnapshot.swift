import Glibc

/// The in-memory lexical index's snapshot: a file beside the graph snapshots (`lexical-<seq>-<tag>.lex`, written
/// as `SnapshotFile` writes: temp, fsync, rename, fsync of the directory) and one row in `lexical_snapshot` naming
/// it and the `lexical_log` sequence it reflects. A start loads the file only when the log still holds every
/// change since that sequence (pruning removes a prefix, so: its first row is at most the next sequence, or it is
/// empty and no change was made), then applies those changes; otherwise it analyses every FTS row as before. The
/// server writes one at a graceful shutdown, so a restart after a clean stop maps the file back.
public enum LexicalSnapshot {
    static let prefix = "lexical-"
    static let suffix = ".lex"
    /// Changes since the file beyond which the start analyses the FTS rows instead (a replay holds every changed
    /// document in memory at once; an offline import of a million appearances would have it hold them all).
    static let maxReplay: Int64 = 100_000

    /// A file written, for `record`.
    public struct Written: Sendable, Equatable {
        public var file: String
        public var applied: Int64
        public var checksum: UInt64
        public var bytes: Int
        public var seconds: Double
    }

    /// The recorded snapshot (nil: none).
    static func recorded(_ db: Database) throws -> (file: String, applied: Int64, checksum: UInt64, bytes: Int)? {
        try db.cached("SELECT file_name, applied, checksum, bytes FROM lexical_snapshot WHERE id = 1").first { row in
            (row.string(0), row.int64(1), UInt64(bitPattern: row.int64(2)), row.int(3))
        }
    }

    enum Loaded {
        case loaded(InvertedIndex, applied: Int64)
        case rejected(String)
        case none
    }

    /// The recorded snapshot's index, if the file is intact and the log (whose last sequence is `lastSequence`)
    /// still holds every change made since it, at most `maxReplay` of them; run inside the read transaction the
    /// catch-up uses.
    static func load(_ db: Database, directory: String, lastSequence: Int64, maxReplay: Int64 = maxReplay) throws -> Loaded {
        guard let row = try recorded(db) else { return .none }
        guard row.applied <= lastSequence else {
            return .rejected("recorded at sequence \(row.applied), past the log's last \(lastSequence)")
        }
        let first = try db.cached("SELECT min(seq) FROM lexical_log").first { $0.isNull(0) ? nil : $0.int64(0) } ?? nil
        let complete = first.map { $0 <= row.applied + 1 } ?? (lastSequence == row.applied)
        guard complete else { return .rejected("the change log was pruned past sequence \(row.applied)") }
        // The replay reads every changed document at once: after a bulk import the FTS rows are the cheaper way.
        let since = lastSequence - row.applied
        guard since <= maxReplay else {
            return .rejected("\(since) changes since sequence \(row.applied), more than the \(maxReplay) a replay takes")
        }
        let path = "\(directory)/\(row.file)"
        guard access(path, R_OK) == 0 else { return .rejected("\(row.file) is missing") }
        do {
            let (index, applied) = try SnapshotFile.withMapped(path) { bytes in
                guard bytes.count == row.bytes else { throw LexicalSnapshotError("\(bytes.count) bytes, recorded \(row.bytes)") }
                guard bytes.count >= 8,
                      bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self) == row.checksum else {
                    throw LexicalSnapshotError("not the checksum recorded")
                }
                return try InvertedIndex.decode(bytes)
            }
            guard applied == row.applied else { return .rejected("\(row.file) reflects sequence \(applied), recorded \(row.applied)") }
            return .loaded(index, applied: applied)
        } catch {
            return .rejected("\(row.file): \(error)")
        }
    }

    /// Writes `index` (reflecting log sequence `applied`) to a new file in `directory`.
    static func write(_ index: InvertedIndex, applied: Int64, directory: String) throws -> Written {
        let started = ContinuousClock.now
        try SnapshotFile.ensureDirectory(directory)
        let tag = SnapshotFile.randomTag()
        let (sum, name) = try SnapshotFile.write(directory: directory, tag: tag, { sink in
            try index.encode(applied: applied, to: sink)
        }, name: { _ in "\(prefix)\(applied)-\(tag)\(suffix)" })
        return Written(file: name, applied: applied, checksum: sum.checksum, bytes: sum.bytes,
                       seconds: (ContinuousClock.now - started) / .seconds(1))
    }

    /// Records `written` as the snapshot (on the writer connection), then removes every other lexical snapshot
    /// file in `directory` (the one it replaces, and any a crash left unrecorded).
    static func record(_ written: Written, db: Database, directory: String) throws {
        try db.run("""
            INSERT INTO lexical_snapshot (id, file_name, applied, checksum, bytes) VALUES (1, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET file_name = excluded.file_name, applied = excluded.applied,
                checksum = excluded.checksum, bytes = excluded.bytes, created_at = julianday('now')
            """, [written.file, written.applied, Int64(bitPattern: written.checksum), written.bytes])
        for name in SnapshotFile.names(in: directory) where name.hasPrefix(prefix) && name.hasSuffix(suffix) && name != written.file {
            SnapshotFile.remove(directory: directory, name: name)
        }
    }
}
