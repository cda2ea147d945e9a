import CoreMetrics
import Logging
import Postgres
import Storage
import Synchronization

/// The replica feed: tails PostgreSQL's `product_changes` by xid horizon from a standby (or the primary when no
/// standby answers) and materialises each changed product's current row into this node's SQLite and index.
///
/// Each poll is one REPEATABLE READ, READ ONLY transaction: `horizon = pg_snapshot_xmin(pg_current_snapshot())`
/// (every transaction with a smaller xid has finished, so the range `[cursor, horizon)` can never grow again), then
/// the ids changed in that range, then their current rows (a deleted product has none). Applying the current row
/// makes every apply idempotent and lets the node skip intermediate versions. The cursor moves to the horizon in the
/// same local transaction as the last rows. A new node, a node whose source shows another system identifier or
/// timeline (a failover), reconciles instead: every (id, version) of PostgreSQL against its own.
///
/// libpq runs on the feed's own `PGWorker` thread; the loop itself is a light task that waits for the worker.
public final class ReplicaFeed: Sendable {
    /// Feed knobs.
    public struct Options: Sendable {
        /// Time between polls while nothing changes.
        public var pollInterval: Duration
        /// Products fetched and applied per local transaction.
        public var chunk: Int
        /// Deadline of one PostgreSQL call.
        public var queryTimeout: Duration
        /// Creates options.
        public init(pollInterval: Duration = .milliseconds(25), chunk: Int = 256, queryTimeout: Duration = .seconds(10)) {
            self.pollInterval = pollInterval
            self.chunk = chunk
            self.queryTimeout = queryTimeout
        }
    }

    private struct Waiter {
        var version: Int64
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var status = ReplicaStatus()
        var persisted: [String: String]?
        var lastPoll: ContinuousClock.Instant?
        var lastPersist: ContinuousClock.Instant?
        var blockedSeconds: Double = 0
        var waiters: [Waiter] = []
        var pollWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var task: Task<Void, Never>?
        var stopped = false
    }

    private let worker: PGWorker
    private let sink: any ReplicaSink
    private let options: Options
    private let logger: Logger
    private let state = Mutex(State())
    private let clock = ContinuousClock()
    private let lagGauge = Gauge(label: "ampere_replica_lag_seconds")
    private let appliedCounter = Counter(label: "ampere_replica_changes_applied_total")
    private let errorCounter = Counter(label: "ampere_replica_feed_errors_total")
    private let reconcileCounter = Counter(label: "ampere_replica_reconciles_total")

    /// A feed reading `conninfo` (a standby is preferred: `target_session_attrs=prefer-standby` unless the conninfo
    /// says otherwise) into `sink`.
    public init(conninfo: String, sink: any ReplicaSink, options: Options = Options(), logger: Logger) {
        worker = PGWorker(conninfo: conninfo, label: "ampere.pg.feed", defaults: [("target_session_attrs", "prefer-standby")])
        self.sink = sink
        self.options = options
        self.logger = logger
    }

    /// The feed's state now (lag computed at this instant).
    public var status: ReplicaStatus {
        let now = clock.now
        return state.withLock { s in
            var status = s.status
            let sincePoll = s.lastPoll.map { (now - $0) / .seconds(1) } ?? .infinity
            status.lagSeconds = max(sincePoll, s.blockedSeconds)
            return status
        }
    }

    /// Starts the polling loop (once).
    public func start() {
        state.withLock { s in
            guard s.task == nil, !s.stopped else { return }
            s.task = Task { [self] in await loop() }
        }
    }

    /// Stops the loop; waiters get `false`.
    public func stop() async {
        let task = state.withLock { s -> Task<Void, Never>? in
            s.stopped = true
            for waiter in s.waiters { waiter.continuation.resume(returning: false) }
            s.waiters = []
            for waiter in s.pollWaiters { waiter.continuation.resume() }
            s.pollWaiters = []
            return s.task
        }
        task?.cancel()
        await task?.value
    }

    /// Waits until this node has applied the write with version token `version` (true), or `timeout` passed or
    /// the feed stopped (false).
    public func waitVisible(_ version: Int64, timeout: Duration) async -> Bool {
        let deadline = clock.now + timeout
        return await withCheckedContinuation { continuation in
            let resumeNow: Bool? = state.withLock { s in
                if s.status.cursor > version { return true }
                if s.stopped { return false }
                s.waiters.append(Waiter(version: version, deadline: deadline, continuation: continuation))
                return nil
            }
            if let resumeNow { continuation.resume(returning: resumeNow) }
        }
    }

    private func loop() async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            var moreWork = false
            do {
                moreWork = try await pollOnce() > 0
                delay = .milliseconds(100)
            } catch {
                errorCounter.increment()
                let message = "\(error)"
                let first = state.withLock { s -> Bool in
                    s.status.errors += 1
                    defer { s.status.lastError = message }
                    return s.status.lastError != message
                }
                if first { logger.warning("replica feed poll failed", metadata: ["error": "\(message)"]) }
                wakeWaiters()
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
                continue
            }
            lagGauge.record(status.lagSeconds)
            if !moreWork { try? await Task.sleep(for: options.pollInterval) }
        }
    }

    /// One poll: applies every change below the source's horizon. Returns the products applied.
    @discardableResult
    public func pollOnce() async throws -> Int {
        let started = clock.now
        var persisted = state.withLock { $0.persisted }
        if persisted == nil {
            persisted = try await sink.replicaState()
            state.withLock { $0.persisted = persisted }
        }
        let known = persisted ?? [:]
        let timeout = options.queryTimeout
        let head = try await worker.run(timeout: timeout) { conn throws(PGError) -> Head in
            try conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            let r = try conn.execute("""
                SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint,
                    (SELECT system_identifier FROM pg_control_system())::text,
                    CASE WHEN pg_is_in_recovery()
                        THEN COALESCE((SELECT received_tli FROM pg_stat_wal_receiver)::bigint,
                                      (SELECT timeline_id FROM pg_control_checkpoint())::bigint)
                        ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint END,
                    (SELECT xid::text::bigint FROM ampere_feed_state WHERE name = 'purged_through')
                """)
            return Head(connection: conn.serial, endpoint: conn.endpoint, horizon: r.int64(0, 0) ?? 0,
                        systemIdentifier: r.string(0, 1) ?? "", timeline: r.int64(0, 2) ?? 0,
                        purgedThrough: r.int64(0, 3))
        }
        do {
            let applied = try await apply(head, known: known)
            try await onSameConnection(head) { conn throws(PGError) in _ = try conn.execute("COMMIT") }
            finishPoll(head, started: started, applied: applied)
            return applied
        } catch {
            try? await onSameConnection(head) { conn throws(PGError) in _ = try conn.execute("ROLLBACK") }
            throw error
        }
    }

    private struct Head: Sendable {
        var connection: Int
        var endpoint: String
        var horizon: Int64
        var systemIdentifier: String
        var timeline: Int64
        var purgedThrough: Int64?
    }

    private func apply(_ head: Head, known: [String: String]) async throws -> Int {
        let cursor = known["cursor"].flatMap { Int64($0) }
        let sameSource = known["system_identifier"] == head.systemIdentifier && known["timeline"] == String(head.timeline)
        var newState = ["cursor": String(head.horizon), "system_identifier": head.systemIdentifier,
                        "timeline": String(head.timeline)]
        var ids: [String]
        var deletes: [String] = []
        // Changes this node never read were purged: the tail has a hole, so compare everything instead.
        let behindRetention = cursor.map { c in head.purgedThrough.map { c <= $0 } ?? false } ?? false
        let reconciling = cursor == nil || !sameSource || behindRetention
        if reconciling {
            logger.notice("replica reconcile", metadata: [
                "reason": "\(cursor == nil ? "no cursor (new node)" : behindRetention ? "cursor older than the retained changes" : "source changed")", "source": "\(head.endpoint)",
                "system_identifier": "\(head.systemIdentifier)", "timeline": "\(head.timeline)"])
            let remote = try await onSameConnection(head) { conn throws(PGError) -> [String: Int64] in
                let r = try conn.execute("SELECT id, version FROM products")
                var out: [String: Int64] = [:]
                out.reserveCapacity(r.count)
                for i in 0..<r.count { out[r.string(i, 0) ?? ""] = r.int64(i, 1) ?? 0 }
                return out
            }
            let local = try await sink.replicaVersions()
            ids = remote.compactMap { local[$0.key] == $0.value ? nil : $0.key }.sorted()
            deletes = local.keys.filter { remote[$0] == nil }.sorted()
        } else {
            let from = cursor ?? 0
            ids = try await onSameConnection(head) { conn throws(PGError) -> [String] in
                let r = try conn.execute("""
                    SELECT DISTINCT product_id FROM product_changes WHERE xid >= $1::text::xid8 AND xid < $2::text::xid8
                    """, [.int(from), .int(head.horizon)])
                return (0..<r.count).map { r.string($0, 0) ?? "" }
            }
        }
        let blocked = try await onSameConnection(head) { conn throws(PGError) -> Double in
            let r = try conn.execute("""
                SELECT COALESCE(extract(epoch FROM now() - min(at)), 0)::float8 FROM product_changes
                WHERE xid >= $1::text::xid8
                """, [.int(head.horizon)])
            return max(0, r.double(0, 0) ?? 0)
        }
        state.withLock { $0.blockedSeconds = blocked }
        var applied = 0
        var start = 0
        repeat {
            let chunk = Array(ids[start..<min(ids.count, start + options.chunk)])
            start += chunk.count
            let rows = try await onSameConnection(head) { conn throws(PGError) in try PGCatalogRows.fetch(conn, ids: chunk) }
            let found = Set(rows.map(\.draft.info.id))
            var chunkDeletes = chunk.filter { !found.contains($0) }
            let last = start >= ids.count
            if last { chunkDeletes += deletes }
            let persistNow = last && (!rows.isEmpty || !chunkDeletes.isEmpty || reconciling || shouldPersist(head))
            if rows.isEmpty && chunkDeletes.isEmpty && !persistNow { break }
            try await sink.applyReplicated(upserts: rows, deletes: chunkDeletes, state: persistNow ? newState : [:])
            applied += rows.count + chunkDeletes.count
            if persistNow {
                state.withLock { s in
                    s.persisted = newState
                    s.lastPersist = clock.now
                }
                newState = [:]
            }
        } while start < ids.count
        if reconciling {
            state.withLock { $0.status.reconciles += 1 }
            reconcileCounter.increment()
        }
        return applied
    }

    /// The cursor is written at least every 5 s while it moves, so a restart replays little.
    private func shouldPersist(_ head: Head) -> Bool {
        state.withLock { s in
            guard s.persisted?["cursor"] != String(head.horizon) else { return false }
            return s.lastPersist.map { clock.now - $0 > .seconds(5) } ?? true
        }
    }

    private func finishPoll(_ head: Head, started: ContinuousClock.Instant, applied: Int) {
        if applied > 0 { appliedCounter.increment(by: applied) }
        state.withLock { s in
            s.lastPoll = started
            s.status.cursor = max(s.status.cursor, head.horizon)
            s.status.applied += applied
            s.status.source = head.endpoint
            s.status.timeline = head.timeline
            s.status.systemIdentifier = head.systemIdentifier
            s.status.lastError = nil
            s.status.caughtUp = true
            s.status.polls += 1
        }
        wakeWaiters()
    }

    /// Waits until `count` polls have completed since start (or the feed stopped): lets a test see that the feed
    /// looked at PostgreSQL after some event, without sleeping.
    public func waitForPolls(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { s -> Bool in
                if s.status.polls >= count || s.stopped { return true }
                s.pollWaiters.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    private func wakeWaiters() {
        let polled = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            var out: [CheckedContinuation<Void, Never>] = []
            s.pollWaiters.removeAll { w in
                guard s.status.polls >= w.count || s.stopped else { return false }
                out.append(w.continuation)
                return true
            }
            return out
        }
        for continuation in polled { continuation.resume() }
        let now = clock.now
        let ready = state.withLock { s -> [(CheckedContinuation<Bool, Never>, Bool)] in
            var out: [(CheckedContinuation<Bool, Never>, Bool)] = []
            s.waiters.removeAll { waiter in
                if s.status.cursor > waiter.version { out.append((waiter.continuation, true)); return true }
                if now >= waiter.deadline { out.append((waiter.continuation, false)); return true }
                return false
            }
            return out
        }
        for (continuation, value) in ready { continuation.resume(returning: value) }
    }

    /// Runs `body` on the poll's connection; a reconnect in between (the old transaction is gone) is an error.
    private func onSameConnection<T: Sendable>(_ head: Head,
                                               _ body: @escaping @Sendable (PGConnection) throws(PGError) -> T) async throws -> T {
        try await worker.run(timeout: options.queryTimeout) { conn throws(PGError) -> T in
            guard conn.serial == head.connection else {
                throw PGError(kind: .connection, message: "the feed's connection was replaced during a poll")
            }
            return try body(conn)
        }
    }
}
