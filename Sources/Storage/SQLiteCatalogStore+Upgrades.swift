import Retrieval
import Synchronization

/// An appearance waiting for its LLM summary (`summary_upgrades`), with what re-encoding it needs.
public struct PendingSummaryUpgrade: Sendable, Equatable {
    /// The appearance key.
    public var key: Int64
    /// The transcript its extractive summary was made from.
    public var transcript: String
    /// Failed LLM calls for it so far.
    public var attempts: Int
    /// The stored visual branch (re-fused with the new text), if the appearance had frames.
    public var visual: [Float]?
}

/// Who wants to know when committed writes queue summary upgrades (`SQLiteCatalogStore.summaryUpgradeEvents`): the
/// upgrader counts the queue only between its steps, and a step can wait on the LLM for many seconds, so without
/// this the pending count would read 0 through a whole import that queued hundreds.
public final class SummaryUpgradeEvents: Sendable {
    private let listener = Mutex<(@Sendable (Int) -> Void)?>(nil)

    public init() {}

    /// `body` gets the number of upgrades each committed write queued (on the writer, right after the commit).
    public func onQueued(_ body: @escaping @Sendable (Int) -> Void) {
        listener.withLock { $0 = body }
    }

    /// Called on the writer after a commit that stored `appearances`.
    func committed(_ appearances: [EncodedAppearance]) {
        let queued = appearances.reduce(0) { $0 + ($1.upgradeTranscript == nil ? 0 : 1) }
        guard queued > 0, let body = listener.withLock({ $0 }) else { return }
        body(queued)
    }
}

extension SQLiteCatalogStore {
    /// The next `limit` pending upgrades, fewest failed attempts first, then oldest.
    public func nextSummaryUpgrades(limit: Int) async throws -> [PendingSummaryUpgrade] {
        try await reader().run { db in
            try db.cached("""
                SELECT u.key, u.transcript, u.attempts, a.visual_vector
                FROM summary_upgrades u JOIN appearances a ON a.key = u.key ORDER BY u.attempts, u.key LIMIT ?
                """).rows([limit]) { row in
                PendingSummaryUpgrade(key: row.int64(0), transcript: row.string(1), attempts: row.int(2),
                                      visual: row.isNull(3) ? nil : row.withBlob(3, VectorBlob.decode))
            }
        }
    }

    /// Appearances waiting for an LLM summary.
    public func pendingSummaryUpgradeCount() async throws -> Int {
        try await reader().run { db in try db.cached("SELECT count(*) FROM summary_upgrades").first { $0.int(0) } ?? 0 }
    }

    /// Stores the LLM summary of appearance `key` (its text, summary, fused vector and FTS row) and clears its
    /// pending upgrade, in one transaction, if the appearance still exists and still waits on `transcript`;
    /// otherwise (replaced or deleted meanwhile) changes nothing and returns false. `afterCommit` gets the new
    /// vector on the writer right after the commit (the index update, in commit order like any write); only then
    /// does the store count the transaction's vector change as applied.
    public func applySummaryUpgrade(key: Int64, transcript: String, summary: Summary, vector: [Float],
                                    afterCommit: @escaping @Sendable (Int64, [Float]) -> Void) async throws -> Bool {
        let (applied, done) = try await translatingWriteErrors {
            try await writer.run { [self] db in
                let (applied, before, after) = try db.transaction { () throws -> (Bool, Int64, Int64) in
                    let before = try VectorTable.lastSequence(db)
                    let waiting = try db.cached("""
                        SELECT u.transcript FROM summary_upgrades u JOIN appearances a ON a.key = u.key WHERE u.key = ?
                        """).first([key]) { $0.string(0) }
                    guard waiting == transcript else { return (false, before, before) }
                    try db.cached("""
                        UPDATE appearances SET text = ?, summary_text = ?, summary_source = ?, summary_model = ? WHERE key = ?
                        """).run([summary.text, summary.text, summary.source.rawValue, summary.model, key])
                    try VectorTable.upsert(db, key: key, vector: vector, encoding: snapshots.vectorEncoding)
                    // Media rows index only the body (`upsert`): the title and brand live in the page's row.
                    try db.cached("DELETE FROM appearance_fts WHERE rowid = ?").run([key])
                    try db.cached("INSERT INTO appearance_fts (rowid, title, brand, body) VALUES (?, '', '', ?)")
                        .run([key, LexicalAnalyzer.indexText(summary.text)])
                    try db.cached("DELETE FROM summary_upgrades WHERE key = ?").run([key])
                    return (true, before, try VectorTable.lastSequence(db))
                }
                return (applied, afterCommitted(before: before, after: after) { if applied { afterCommit(key, vector) } })
            }
        }
        await done.wait()
        return applied
    }

    /// Gives up on appearance `key`'s upgrade (`drop`: its line was rejected, or too many calls failed), or counts
    /// one more failed call for it, which moves it behind the others.
    public func failSummaryUpgrade(key: Int64, drop: Bool) async throws {
        try await translatingWriteErrors {
            try await writer.run { db in
                if drop {
                    try db.cached("DELETE FROM summary_upgrades WHERE key = ?").run([key])
                } else {
                    try db.cached("UPDATE summary_upgrades SET attempts = attempts + 1 WHERE key = ?").run([key])
                }
            }
        }
    }
}
