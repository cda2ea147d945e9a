import Synchronization

/// Bounds the work in progress: at most `maxInFlight` requests inside the heavy handlers at once, at most
/// `maxQueued` more waiting (first come, first served) for a slot; anything beyond is turned away at once, so
/// overload produces quick 503s instead of unbounded queues, memory and latency.
///
/// ```swift
/// guard await gate.enter() else { throw overloaded }
/// defer { gate.leave() }
/// ```
package final class AdmissionGate: Sendable {
    private struct State {
        var running = 0
        var waiters: [CheckedContinuation<Bool, Never>] = []
    }

    /// Requests allowed inside at once; 0 means unbounded (the gate is off).
    package let maxInFlight: Int
    /// Requests allowed to wait for a slot.
    package let maxQueued: Int
    private let state = Mutex(State())

    /// A gate; `maxInFlight` 0 admits everything.
    package init(maxInFlight: Int, maxQueued: Int) {
        self.maxInFlight = max(0, maxInFlight)
        self.maxQueued = max(0, maxQueued)
    }

    /// Whether the gate bounds anything.
    package var isEnabled: Bool { maxInFlight > 0 }

    /// Requests inside and waiting now.
    package var load: (inFlight: Int, queued: Int) { state.withLock { ($0.running, $0.waiters.count) } }

    /// Takes a slot, waiting in line if the gate is full but the line is not; false when the line is full too
    /// (the caller answers 503 and must not call `leave`).
    package func enter() async -> Bool {
        guard isEnabled else { return true }
        enum Fast { case admitted, full, wait }
        let fast = state.withLock { s -> Fast in
            if s.running < maxInFlight { s.running += 1; return .admitted }
            return s.waiters.count < maxQueued ? .wait : .full
        }
        switch fast {
        case .admitted: return true
        case .full: return false
        case .wait: break
        }
        return await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
            // Decided again under the lock: slots may have freed (or the line filled) since the first look.
            let now = state.withLock { s -> Bool? in
                if s.running < maxInFlight { s.running += 1; return true }
                guard s.waiters.count < maxQueued else { return false }
                s.waiters.append(c)
                return nil
            }
            if let now { c.resume(returning: now) }
        }
    }

    /// Gives the slot back: to the first waiter if there is one (it stays counted as running), else frees it.
    package func leave() {
        guard isEnabled else { return }
        let next = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            if !s.waiters.isEmpty { return s.waiters.removeFirst() }
            s.running -= 1
            return nil
        }
        next?.resume(returning: true)
    }
}
