import Dispatch
import Synchronization

/// Bounds the work in progress: at most `maxInFlight` requests inside the heavy handlers at once, at most
/// `maxQueued` more waiting (first come, first served) for a slot, each for at most `maxWait` seconds; anything
/// beyond is turned away at once, so overload produces quick 503s instead of unbounded queues, memory and latency.
/// A waiter whose task is cancelled (its client hung up) leaves the line at once.
///
/// ```swift
/// guard await gate.enter() == .admitted else { throw overloaded }
/// defer { gate.leave() }
/// ```
package final class AdmissionGate: Sendable {
    /// What `enter` decided.
    package enum Entry: String, Sendable, CaseIterable {
        /// A slot is yours: call `leave` when done.
        case admitted
        /// The line was full.
        case full
        /// Waited `maxWait` seconds without a slot.
        case timedOut = "timed_out"
        /// The waiting task was cancelled.
        case cancelled
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Entry, Never>
    }

    private struct State {
        var running = 0
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    /// Requests allowed inside at once; 0 means unbounded (the gate is off).
    package let maxInFlight: Int
    /// Requests allowed to wait for a slot.
    package let maxQueued: Int
    /// Seconds a request may wait for a slot; 0 means as long as it takes.
    package let maxWait: Double
    private let state = Mutex(State())

    /// A gate; `maxInFlight` 0 admits everything.
    package init(maxInFlight: Int, maxQueued: Int, maxWait: Double = 0) {
        self.maxInFlight = max(0, maxInFlight)
        self.maxQueued = max(0, maxQueued)
        self.maxWait = max(0, maxWait)
    }

    /// Whether the gate bounds anything.
    package var isEnabled: Bool { maxInFlight > 0 }

    /// Requests inside and waiting now.
    package var load: (inFlight: Int, queued: Int) { state.withLock { ($0.running, $0.waiters.count) } }

    /// Takes a slot, waiting in line if the gate is full but the line is not. Anything but `.admitted` means no
    /// slot was taken (the caller answers 503 and must not call `leave`).
    package func enter() async -> Entry {
        guard isEnabled else { return .admitted }
        enum Fast { case admitted, full, wait(UInt64) }
        let fast = state.withLock { s -> Fast in
            if s.running < maxInFlight { s.running += 1; return .admitted }
            guard s.waiters.count < maxQueued else { return .full }
            s.nextID += 1
            return .wait(s.nextID)
        }
        let id: UInt64
        switch fast {
        case .admitted: return .admitted
        case .full: return .full
        case .wait(let ticket): id = ticket
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Entry, Never>) in
                // Decided again under the lock: slots may have freed (or the line filled) since the first look.
                // The cancellation flag is set before `onCancel` runs, so checking it under the lock means a
                // cancelled waiter is either refused here or found in the line by `withdraw`.
                let now = state.withLock { s -> Entry? in
                    if Task.isCancelled { return .cancelled }
                    if s.running < maxInFlight { s.running += 1; return .admitted }
                    guard s.waiters.count < maxQueued else { return .full }
                    s.waiters.append(Waiter(id: id, continuation: c))
                    return nil
                }
                if let now { c.resume(returning: now); return }
                if maxWait > 0 {
                    DispatchQueue.global().asyncAfter(deadline: .now() + maxWait) { [self] in withdraw(id, as: .timedOut) }
                }
            }
        } onCancel: {
            withdraw(id, as: .cancelled)
        }
    }

    /// Gives the slot back: to the first waiter if there is one (it stays counted as running), else frees it.
    package func leave() {
        guard isEnabled else { return }
        let next = state.withLock { s -> Waiter? in
            if !s.waiters.isEmpty { return s.waiters.removeFirst() }
            s.running -= 1
            return nil
        }
        next?.continuation.resume(returning: .admitted)
    }

    /// Takes waiter `id` out of the line, if it is still there, and tells it why.
    private func withdraw(_ id: UInt64, as entry: Entry) {
        let waiter = state.withLock { s -> Waiter? in
            guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return s.waiters.remove(at: index)
        }
        waiter?.continuation.resume(returning: entry)
    }
}
