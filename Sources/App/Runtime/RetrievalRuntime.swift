import Config
import FoundationEssentials
import Logging
import CoreMetrics
import Retrieval
import Storage
import Synchronization

/// The serving stack's state: builds it in the background after the server starts listening (the encoder loads
/// its weights, the index its snapshot), so `/health` can answer "starting" meanwhile; the product and search
/// routes answer 503 `not_ready` until it is up. Then runs the maintenance loops until shutdown.
package final class RetrievalRuntime: Sendable {
    let options: RuntimeOptions
    let databasePath: String
    let logger: Logger
    let metricsFactory: any MetricsFactory
    private let state = Mutex<(stack: RetrievalStack?, failure: String?)>((nil, nil))
    private let stopping = Atomic<Bool>(false)
    /// How the graph snapshots are going (`/health` and `/metrics`).
    package let snapshots: SnapshotStatus
    /// How the background summary upgrades are going (`/health` and `/metrics`).
    package let upgrades: SummaryUpgradeStatus
    /// Cluster replica mode's writer and feed; nil on a single node.
    package let replica: ReplicaRuntime?

    /// Prepares the runtime; nothing is loaded until `start(onReady:)`.
    package init(configuration: Configuration, metricsFactory: any MetricsFactory, logger: Logger) {
        options = RuntimeOptions(configuration)
        databasePath = URL(fileURLWithPath: configuration[.dataDir]).appendingPathComponent("ampere.sqlite").path
        self.metricsFactory = metricsFactory
        self.logger = logger
        snapshots = SnapshotStatus(factory: metricsFactory)
        upgrades = SummaryUpgradeStatus(factory: metricsFactory)
        let cluster = ClusterOptions(configuration)
        replica = cluster.replica
            ? ReplicaRuntime(options: cluster, logger: AmpereApp.componentLogger("ampere.cluster", like: logger)) : nil
    }

    /// The loaded stack, or `not_ready` (503) while loading, or after a failed load.
    package func current() throws(RetrievalError) -> RetrievalStack {
        try state.withLock { s throws(RetrievalError) in
            if let stack = s.stack { return stack }
            throw RetrievalError.notReady(message: s.failure.map { "the catalog failed to load: \($0)" }
                                          ?? "the catalog is still loading")
        }
    }

    /// The stack if loaded.
    package var stack: RetrievalStack? { state.withLock { $0.stack } }

    /// Loads everything in the background; `onReady` runs once the stack serves, `onFailure` if it cannot load.
    package func start(onReady: @escaping @Sendable () -> Void, onFailure: @escaping @Sendable (String) -> Void = { _ in }) {
        Task.detached { [self] in
            do {
                let wrap: ((SQLiteCatalogStore) -> any CatalogStore)? = replica.map { replica in { replica.store(over: $0) } }
                let stack = try await StackBuilder.build(options: options, databasePath: databasePath,
                                                         summarizer: .configured, metricsFactory: metricsFactory,
                                                         catalogStore: wrap, logger: logger)
                state.withLock { $0.stack = stack }
                replica?.startFeed(stack)
                onReady()
                logger.info("catalog ready", metadata: ["products": "\(stack.directory.productCount)",
                                                        "vectors": "\(stack.graph.count)", "loaded_from": "\(stack.loadedFrom)"])
                if stack.indexReport.source == .rebuilt, stack.graph.count > 0 { await snapshot(reason: "rebuilt at start") }
                let loops = MaintenanceLoops(clock: ContinuousClock(), options: options, logger: logger,
                                             stopping: { [self] in isStopping })
                async let maintenance: Void = loops.lexicalMaintenance(stack)
                async let retention: Void = loops.eventRetention(stack, now: { Date().timeIntervalSince1970 })
                async let changeLog: Void = loops.changeLogRetention(stack)
                async let clusterChanges: Void = replica?.changeRetention(
                    days: options.changeLogDays, interval: .seconds(options.retentionCheckSeconds),
                    stopping: { [self] in isStopping }) ?? ()
                // A replica's appearances come summarized from the system of record: no local upgrades.
                async let upgrading: Void = loops.summaryUpgrades(
                    replica == nil ? SummaryUpgrader.make(stack, options: options, status: upgrades, logger: logger) : nil)
                await loops.snapshots(stack) { [self] reason in await snapshot(reason: reason) }
                await maintenance
                await retention
                await changeLog
                await clusterChanges
                await upgrading
            } catch {
                logger.critical("retrieval stack failed to load", metadata: ["error": "\(error)"])
                state.withLock { $0.failure = "\(error)" }
                onFailure("\(error)")
            }
        }
    }

    /// Saves a final snapshot (graceful shutdown), so the next start loads instead of rebuilding.
    package func shutdown() async {
        stopping.store(true, ordering: .relaxed)
        await replica?.stop()
        guard let stack else { return }
        if (try? await stack.store.changesSinceSnapshot()) ?? 0 > 0 { await snapshot(reason: "shutdown") }
        do {
            if let saved = try await stack.store.saveLexicalSnapshot() {
                logger.info("lexical snapshot saved", metadata: [
                    "file": "\(saved.file)", "sequence": "\(saved.applied)", "bytes": "\(saved.bytes)",
                    "seconds": "\(saved.seconds)", "reason": "shutdown"])
            }
        } catch {
            // The next start analyses the FTS rows instead; nothing is lost.
            logger.error("lexical snapshot failed", metadata: ["error": "\(error)"])
        }
    }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Saves a snapshot and records the outcome; true when it was saved.
    @discardableResult
    func snapshot(reason: String) async -> Bool {
        guard let stack else { return false }
        do {
            let saved = try await stack.saveSnapshot()
            MallocTuning.releaseFreePages()
            snapshots.succeeded(saved, at: Date().timeIntervalSince1970)
            var metadata: Logger.Metadata = [
                "file": "\(saved.fileName)", "sequence": "\(saved.sequence)", "vectors": "\(saved.count)",
                "bytes": "\(saved.bytes)", "seconds": "\(saved.seconds)", "lock_seconds": "\(saved.lockSeconds)",
                "reason": "\(reason)"]
            if let gap = stack.store.snapshots.applied.gapAfter {
                // Another process wrote vectors this one never applied: snapshots stay at the gap until a restart.
                metadata["held_at_gap_after"] = "\(gap)"
            }
            logger.info("index snapshot saved", metadata: metadata)
            return true
        } catch {
            let failures = snapshots.failed("\(error)", at: Date().timeIntervalSince1970)
            logger.error("index snapshot failed", metadata: ["error": "\(error)", "consecutive_failures": "\(failures)"])
            return false
        }
    }
}
