import Logging
import Storage
import Synchronization

/// The background jobs of a serving stack, each a loop on an injected clock (tests drive them with a manual
/// clock; the server passes `ContinuousClock`) that ends when `stopping` is set.
struct MaintenanceLoops<C: Clock>: Sendable where C.Duration == Duration {
    let clock: C
    let options: RuntimeOptions
    let logger: Logger
    let stopping: @Sendable () -> Bool

    /// FTS upkeep once catalog writes have been quiet for `lexicalMaintenanceIdleSeconds` (and at start, for
    /// catalogs imported offline): merges the index's segments in bounded steps on the writer, stopping as soon as a
    /// write arrives (it resumes at the next quiet spell; see `LexicalIndexShape`), then rebuilds the readers'
    /// copies of the term statistics, so searches stop falling back to per-query lookups.
    func lexicalMaintenance(_ stack: RetrievalStack) async {
        let idle = options.lexicalMaintenanceIdleSeconds
        guard idle > 0 else { return }
        let store = stack.store, activity = store.writeActivity
        var settled: Int?  // write count at which the index was last left merged and the statistics rebuilt
        while !stopping() {
            try? await clock.sleep(for: .milliseconds(Int(min(idle, 1) * 1000)))
            let writes = activity.writes
            guard writes != settled, activity.secondsSinceLastWrite >= idle else { continue }
            do {
                let before = try await store.lexicalIndexShape()
                if before.needsMerge() {
                    let started = ContinuousClock.now
                    let (steps, finished) = try await store.mergeLexicalIndex { [stopping] in
                        !stopping() && activity.writes == writes
                    }
                    let after = try await store.lexicalIndexShape()
                    logger.info("lexical index merged", metadata: [
                        "segments_before": "\(before.segments)", "segments_after": "\(after.segments)", "steps": "\(steps)",
                        "finished": "\(finished)", "took": "\(ContinuousClock.now - started)"])
                    guard finished else { continue }
                }
                try await store.refreshTermFrequencies()
                settled = writes
            } catch {
                logger.warning("lexical index maintenance failed", metadata: ["error": "\(error)"])
                settled = writes  // retried after the next write, not in a tight loop
            }
        }
    }

    /// Every `snapshotCheckSeconds`, saves a snapshot through `save` (true when it succeeded) when `snapshotEvery`
    /// changes have accumulated since the last one. After a failure it waits longer before the next look, doubling
    /// per consecutive failure up to `snapshotBackoffMaxSeconds` (`SnapshotStatus.backoffSeconds`), so a disk
    /// that stays full is not hammered with multi-gigabyte writes every 30 s.
    func snapshots(_ stack: RetrievalStack, save: @Sendable (String) async -> Bool) async {
        let every = options.snapshotEvery
        guard every > 0 else { return }
        var failures = 0
        while !stopping() {
            let wait = SnapshotStatus.backoffSeconds(failures: failures, base: options.snapshotCheckSeconds,
                                                     cap: max(options.snapshotBackoffMaxSeconds, options.snapshotCheckSeconds))
            try? await clock.sleep(for: .milliseconds(Int(wait * 1000)))
            guard !stopping(), let pending = try? await stack.store.changesSinceSnapshot(), pending >= every else { continue }
            failures = await save("\(pending) changes") ? 0 : failures + 1
        }
    }

    /// Summary upgrades, one at a time, at most `summaryUpgradesPerSecond` (each step waits `1 / rate` after the
    /// previous one, also when nothing is pending or the LLM refuses). Nothing without an upgrader (no LLM).
    func summaryUpgrades(_ upgrader: SummaryUpgrader?) async {
        let rate = options.summaryUpgradesPerSecond
        guard let upgrader, rate > 0 else { return }
        let wait = Duration.milliseconds(Int((1000 / rate).rounded(.up)))
        while !stopping() {
            await upgrader.step()
            try? await clock.sleep(for: wait)
        }
    }

    /// Purges change-feed rows older than `changeLogDays` at start and every `retentionCheckSeconds`: nothing reads
    /// them yet (the index replays from its own vector table), and without a purge the feed grows by a row per
    /// write forever. Nothing when the setting is 0.
    func changeLogRetention(_ stack: RetrievalStack) async {
        let days = options.changeLogDays
        guard days > 0 else { return }
        while !stopping() {
            do {
                let purged = try await stack.store.purgeChangeLog(olderThanDays: Double(days))
                if purged > 0 { logger.info("change log purged", metadata: ["rows": "\(purged)", "days": "\(days)"]) }
            } catch {
                logger.warning("change log purge failed", metadata: ["error": "\(error)"])
            }
            try? await clock.sleep(for: .milliseconds(Int(options.retentionCheckSeconds * 1000)))
        }
    }

    /// Purges events older than `eventRetentionDays` (by their own time, `now()` the wall clock), at start and
    /// every `retentionCheckSeconds`; nothing when retention is 0 (kept forever).
    func eventRetention(_ stack: RetrievalStack, now: @Sendable () -> Double) async {
        let days = options.eventRetentionDays
        guard days > 0 else { return }
        while !stopping() {
            do {
                let purged = try await stack.events.purge(before: now() - Double(days) * 86_400)
                if purged > 0 { logger.info("expired events purged", metadata: ["count": "\(purged)", "days": "\(days)"]) }
            } catch {
                logger.warning("event retention failed", metadata: ["error": "\(error)"])
            }
            try? await clock.sleep(for: .milliseconds(Int(options.retentionCheckSeconds * 1000)))
        }
    }
}
