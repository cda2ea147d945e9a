import Dispatch
import Synchronization

/// Applies committed catalog writes to the in-memory structures (ANN index, filter directory, vocabulary) in commit
/// order, on a serial queue of its own.
///
/// The store calls a write's `afterCommit` on its writer, in commit order; handing the work to this queue there
/// keeps that order while the writer goes on to the next transaction, so a batch's graph inserts (the slow part of
/// a write) overlap the next batch's commit instead of holding it up. The caller still waits for its own write to
/// be applied before it acknowledges it, so an acknowledged write is searchable at once.
final class CommitApplier: Sendable {
    private let queue = DispatchQueue(label: "ampere.catalog.apply", qos: .userInitiated)

    /// A write handed to the applier; `applied()` returns once its work has run.
    final class Ticket: Sendable {
        private let state = Mutex<(done: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

        fileprivate func finish() {
            let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                s.done = true
                defer { s.waiter = nil }
                return s.waiter
            }
            waiter?.resume()
        }

        /// Suspends until the write's work has run (at once if it already has).
        func applied() async {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.done { return true }
                    s.waiter = c
                    return false
                }
                if now { c.resume() }
            }
        }
    }

    /// Queues `work` behind everything queued before it; call from the writer's `afterCommit`.
    func submit(_ ticket: Ticket, _ work: @escaping @Sendable () -> Void) {
        queue.async {
            work()
            ticket.finish()
        }
    }
}
