import Synchronization

/// A clock that moves only when a test calls `advance(by:)`, so loops that sleep on a clock run step by step with
/// no wall-clock waiting. `sleeping()` returns once some task is asleep on it (so the test advances only then).
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [(deadline: Instant, wake: CheckedContinuation<Void, Never>)] = []
        var watchers: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .zero }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        await withCheckedContinuation { (wake: CheckedContinuation<Void, Never>) in
            let (resumeNow, watchers) = state.withLock { s -> (Bool, [CheckedContinuation<Void, Never>]) in
                if deadline <= s.now { return (true, []) }
                s.sleepers.append((deadline, wake))
                defer { s.watchers = [] }
                return (false, s.watchers)
            }
            if resumeNow { wake.resume() }
            watchers.forEach { $0.resume() }
        }
    }

    /// Returns once at least one task sleeps on this clock.
    func sleeping() async {
        await withCheckedContinuation { (watch: CheckedContinuation<Void, Never>) in
            let asleep = state.withLock { s -> Bool in
                if !s.sleepers.isEmpty { return true }
                s.watchers.append(watch)
                return false
            }
            if asleep { watch.resume() }
        }
    }

    /// Moves time forward and wakes every sleeper whose deadline has come.
    func advance(by duration: Duration) {
        let due = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.now = s.now.advanced(by: duration)
            let now = s.now
            let due = s.sleepers.filter { $0.deadline <= now }.map(\.wake)
            s.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        due.forEach { $0.resume() }
    }
}
