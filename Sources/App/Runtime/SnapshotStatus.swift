import CoreMetrics
import Storage
import Synchronization

/// How the graph snapshots are going, for `/health` (the `snapshot` section) and `/metrics`
/// (`ampere_index_snapshots_total`, `ampere_index_snapshot_failures_total`, `ampere_index_snapshot_seconds`,
/// `ampere_index_snapshot_lock_seconds`, `ampere_index_snapshot_bytes`, `ampere_index_snapshot_sequence`).
/// A failing snapshot does not make the service unready (searches and writes are fine), but it is visible here:
/// every restart until the next success replays or rebuilds more.
package final class SnapshotStatus: Sendable {
    /// The state the `/health` section renders.
    package struct State: Sendable, Equatable {
        /// Unix time of the last successful save.
        package var lastSuccessAt: Double?
        /// The sequence, size, durations and file of the last successful save.
        package var sequence: Int64?
        package var bytes: Int?
        package var seconds: Double?
        package var lockSeconds: Double?
        package var file: String?
        /// Failures since the last success.
        package var consecutiveFailures = 0
        /// The last failure's error and time (kept after a success, for the record).
        package var lastError: String?
        package var lastFailureAt: Double?
    }

    private let state = Mutex(State())
    private let saves: Counter
    private let failures: Counter
    private let duration: Timer
    private let lockHeld: Timer
    private let size: Gauge
    private let sequence: Gauge

    /// Registers the metrics with `factory`.
    package init(factory: any MetricsFactory) {
        saves = Counter(label: "ampere_index_snapshots_total", factory: factory)
        failures = Counter(label: "ampere_index_snapshot_failures_total", factory: factory)
        duration = Timer(label: "ampere_index_snapshot_seconds", preferredDisplayUnit: .seconds, factory: factory)
        lockHeld = Timer(label: "ampere_index_snapshot_lock_seconds", preferredDisplayUnit: .seconds, factory: factory)
        size = Gauge(label: "ampere_index_snapshot_bytes", factory: factory)
        sequence = Gauge(label: "ampere_index_snapshot_sequence", factory: factory)
    }

    /// The current state.
    package var current: State { state.withLock { $0 } }

    /// Records a successful save.
    package func succeeded(_ saved: IndexSnapshotSaved, at time: Double) {
        state.withLock { s in
            s.lastSuccessAt = time
            s.sequence = saved.sequence
            s.bytes = saved.bytes
            s.seconds = saved.seconds
            s.lockSeconds = saved.lockSeconds
            s.file = saved.fileName
            s.consecutiveFailures = 0
        }
        saves.increment()
        duration.recordNanoseconds(Int64(saved.seconds * 1e9))
        lockHeld.recordNanoseconds(Int64(saved.lockSeconds * 1e9))
        size.record(Double(saved.bytes))
        sequence.record(Double(saved.sequence))
    }

    /// Records a failed save; returns the consecutive failures so far.
    @discardableResult
    package func failed(_ error: String, at time: Double) -> Int {
        failures.increment()
        return state.withLock { s in
            s.consecutiveFailures += 1
            s.lastError = error
            s.lastFailureAt = time
            return s.consecutiveFailures
        }
    }

    /// Seconds to wait before the next try after `failures` consecutive failures: `base` doubled per failure,
    /// at most `cap` (30 s, 60 s, 2 min, ... 30 min with the defaults).
    package static func backoffSeconds(failures: Int, base: Double, cap: Double) -> Double {
        guard failures > 0 else { return base }
        return min(base * Double(UInt64(1) << UInt64(min(failures, 40))), cap)
    }
}
