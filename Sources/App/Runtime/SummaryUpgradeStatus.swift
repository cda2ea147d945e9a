import CoreMetrics
import Synchronization

/// How the background summary upgrades are going, for `/health` (the `summary_upgrades` section) and `/metrics`:
/// `ampere_summary_upgrades_pending` (gauge: appearances waiting; counted after every step and raised by every
/// write that queues one, so it is not stuck at an old count while a step waits on the LLM), `ampere_summary_upgrades_done_total`,
/// `ampere_summary_upgrades_failed_total` (LLM calls that failed, and upgrades given up after too many),
/// `ampere_summary_upgrades_rejected_total` (the LLM's line failed the grounding checks: extractive kept).
package final class SummaryUpgradeStatus: Sendable {
    /// The state the `/health` section renders.
    package struct State: Sendable, Equatable {
        /// Whether upgrades run at all (an LLM is configured and `summarizer.upgrade_per_s` > 0).
        package var enabled = false
        /// Appearances waiting: as counted after the last step, plus those queued by writes since (a replace that
        /// drops a waiting one is only seen by the next count).
        package var pending = 0
        package var done = 0
        package var failed = 0
        package var rejected = 0
        /// Upgrades found obsolete at commit (the product was replaced or deleted meanwhile).
        package var stale = 0
        /// Given up after `summarizer.upgrade_max_attempts` failed calls.
        package var abandoned = 0
        /// True while the LLM refuses (breaker open, or every slot busy): upgrades wait.
        package var paused = false
        /// Steps taken (each a look at the queue), for tests waiting on progress.
        package var steps = 0
    }

    private let state = Mutex(State())
    private let waiters = Mutex<[(id: Int, condition: @Sendable (State) -> Bool, continuation: CheckedContinuation<Void, Never>)]>([])
    private let nextWaiter = Atomic<Int>(0)
    private let pendingGauge: Gauge
    private let doneCounter: Counter
    private let failedCounter: Counter
    private let rejectedCounter: Counter

    /// Registers the metrics with `factory`.
    package init(factory: any MetricsFactory) {
        pendingGauge = Gauge(label: "ampere_summary_upgrades_pending", factory: factory)
        doneCounter = Counter(label: "ampere_summary_upgrades_done_total", factory: factory)
        failedCounter = Counter(label: "ampere_summary_upgrades_failed_total", factory: factory)
        rejectedCounter = Counter(label: "ampere_summary_upgrades_rejected_total", factory: factory)
    }

    /// The current state.
    package var current: State { state.withLock { $0 } }

    /// What one step of the upgrader came to.
    package enum Step: Sendable, Equatable {
        case idle, upgraded, rejected, failed, abandoned, stale, paused
    }

    func enable() { update { $0.enabled = true } }

    /// Records one step and the pending count after it.
    func record(_ step: Step, pending: Int?) {
        switch step {
        case .upgraded: doneCounter.increment()
        case .rejected: rejectedCounter.increment()
        case .failed, .abandoned: failedCounter.increment()
        case .idle, .stale, .paused: break
        }
        update { s in
            if let pending {
                s.pending = pending
                pendingGauge.record(pending)
            }
            s.steps += 1
            s.paused = step == .paused
            switch step {
            case .upgraded: s.done += 1
            case .rejected: s.rejected += 1
            case .failed: s.failed += 1
            case .abandoned: s.failed += 1; s.abandoned += 1
            case .stale: s.stale += 1
            case .idle, .paused: break
            }
        }
    }

    /// Counts `count` upgrades a committed write just queued (`SummaryUpgradeEvents`), before the next step
    /// counts the queue again.
    func queued(_ count: Int) {
        update { s in
            s.pending += count
            pendingGauge.record(s.pending)
        }
    }

    /// Returns once `condition` holds for the state (checked now and after every change): an event to wait on,
    /// never a timer.
    package func waitUntil(_ condition: @escaping @Sendable (State) -> Bool) async {
        let id = nextWaiter.add(1, ordering: .relaxed).newValue
        await withCheckedContinuation { continuation in
            let now = state.withLock { s -> Bool in
                if condition(s) { return true }
                waiters.withLock { $0.append((id, condition, continuation)) }
                return false
            }
            if now { continuation.resume() }
        }
    }

    private func update(_ change: (inout State) -> Void) {
        let ready: [CheckedContinuation<Void, Never>] = state.withLock { s in
            change(&s)
            return waiters.withLock { list in
                let (met, rest) = (list.filter { $0.condition(s) }, list.filter { !$0.condition(s) })
                list = rest
                return met.map(\.continuation)
            }
        }
        for continuation in ready { continuation.resume() }
    }
}
