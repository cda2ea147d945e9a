import Dispatch
import Encoder
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A persistent team of helper threads for short, frequent parallel regions (one query's forward pass has ~30).
///
/// The caller publishes a region (`chunks` and a body), wakes sleeping helpers, and claims chunks itself from
/// one atomic word (`count << 32 | next`); so does every helper that is running. The caller waits only for
/// chunks that were actually claimed: a helper that is descheduled before claiming anything costs nothing, and
/// one descheduled mid-chunk costs at most that chunk. Helpers spin `spinMicroseconds` after a region before
/// sleeping on a condition variable, so back-to-back regions need no wake-up; the spin is bounded because the
/// machine is shared. One region at a time: a second concurrent caller falls back to `concurrentPerform`.
final class WorkerTeam: ParallelExecutor {
    /// Spin before sleeping, for helpers between regions and for the caller at the join.
    static let defaultSpinMicroseconds = 60

    private let shared: Shared
    private let busy = Atomic<Bool>(false)

    init(helpers: Int, spinMicroseconds: Int) {
        shared = Shared(spinNanoseconds: UInt64(max(0, spinMicroseconds)) * 1000)
        for _ in 0..<helpers {
            let shared = self.shared
            let thread = Thread {
                shared.helpersInLoop.wrappingAdd(1, ordering: .acquiringAndReleasing)
                shared.helperLoop()
                shared.helpersInLoop.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            }
            thread.start()
        }
    }

    /// This team's helpers inside their loop; holds only the shared state, not the team.
    var helperGauge: () -> Int { { [shared] in shared.helpersInLoop.load(ordering: .acquiring) } }

    deinit {
        shared.stop.store(true, ordering: .sequentiallyConsistent)
        shared.epoch.wrappingAdd(1, ordering: .sequentiallyConsistent)
        shared.wakeHelpers(force: true)
    }

    func run(chunks: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: body)
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        shared.runAsCaller(chunks: chunks, body)
    }

    /// State shared by the caller and the helper threads (which must not keep the `WorkerTeam` alive).
    final class Shared: @unchecked Sendable {
        /// `chunk count << 32 | next unclaimed chunk` of the current region.
        let work = Atomic<UInt64>(0)
        /// Chunks of the current region finished.
        let done = Atomic<Int>(0)
        /// Bumped once per region (and at shutdown); helpers wait for it to change.
        let epoch = Atomic<Int>(0)
        let sleepingHelpers = Atomic<Int>(0)
        let callerSleeping = Atomic<Bool>(false)
        let stop = Atomic<Bool>(false)
        /// This team's helper threads inside their loop.
        let helpersInLoop = Atomic<Int>(0)
        /// The current region's body: written by the caller before `work` is published (release), read by a
        /// helper only after it claimed a chunk (acquire), and never changed until all claimed chunks are done.
        nonisolated(unsafe) var body: (@Sendable (Int) -> Void)?
        let spinNanoseconds: UInt64
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        let helperWake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        let callerWake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

        init(spinNanoseconds: UInt64) {
            self.spinNanoseconds = spinNanoseconds
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(helperWake, nil)
            pthread_cond_init(callerWake, nil)
        }

        deinit {
            pthread_cond_destroy(helperWake); pthread_cond_destroy(callerWake); pthread_mutex_destroy(mutex)
            helperWake.deallocate(); callerWake.deallocate(); mutex.deallocate()
        }

        static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

        /// Claims the next chunk of whatever region is current: its index and the region's chunk count.
        @inline(__always)
        func claim() -> (index: Int, count: Int)? {
            let old = work.wrappingAdd(1, ordering: .acquiringAndReleasing).oldValue
            let count = Int(old >> 32), index = Int(old & 0xffff_ffff)
            return index < count ? (index, count) : nil
        }

        /// Marks one chunk finished; the one that finishes the region wakes a sleeping caller.
        @inline(__always)
        func finish(count: Int) {
            if done.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue == count
                && callerSleeping.load(ordering: .sequentiallyConsistent) {
                pthread_mutex_lock(mutex)
                pthread_cond_signal(callerWake)
                pthread_mutex_unlock(mutex)
            }
        }

        func wakeHelpers(force: Bool = false) {
            guard force || sleepingHelpers.load(ordering: .sequentiallyConsistent) > 0 else { return }
            pthread_mutex_lock(mutex)
            pthread_cond_broadcast(helperWake)
            pthread_mutex_unlock(mutex)
        }

        func runAsCaller(chunks: Int, _ body: @escaping @Sendable (Int) -> Void) {
            precondition(chunks < 1 << 31, "WorkerTeam: too many chunks")
            self.body = body
            done.store(0, ordering: .relaxed)
            work.store(UInt64(chunks) << 32, ordering: .releasing)
            epoch.wrappingAdd(1, ordering: .sequentiallyConsistent)
            wakeHelpers()
            while let (index, count) = claim() {
                body(index)
                finish(count: count)
            }
            // Join: wait only for chunks a helper claimed and is still running.
            guard done.load(ordering: .acquiring) < chunks else { return }
            let deadline = Self.now() + spinNanoseconds
            var spins = 0
            while done.load(ordering: .acquiring) < chunks {
                spins += 1
                if spins & 31 == 0 && Self.now() > deadline {
                    pthread_mutex_lock(mutex)
                    callerSleeping.store(true, ordering: .sequentiallyConsistent)
                    while done.load(ordering: .sequentiallyConsistent) < chunks { pthread_cond_wait(callerWake, mutex) }
                    callerSleeping.store(false, ordering: .sequentiallyConsistent)
                    pthread_mutex_unlock(mutex)
                    return
                }
            }
        }

        func helperLoop() {
            var seen = epoch.load(ordering: .acquiring)
            while true {
                // Wait for the next region: bounded spin, then sleep.
                let deadline = Self.now() + spinNanoseconds
                var spins = 0
                // `stop` is checked too: a helper that starts after the team is gone has never seen an epoch change.
                while epoch.load(ordering: .acquiring) == seen && !stop.load(ordering: .relaxed) {
                    spins += 1
                    if spins & 31 == 0 && Self.now() > deadline {
                        pthread_mutex_lock(mutex)
                        sleepingHelpers.wrappingAdd(1, ordering: .sequentiallyConsistent)
                        while epoch.load(ordering: .sequentiallyConsistent) == seen && !stop.load(ordering: .sequentiallyConsistent) {
                            pthread_cond_wait(helperWake, mutex)
                        }
                        sleepingHelpers.wrappingSubtract(1, ordering: .sequentiallyConsistent)
                        pthread_mutex_unlock(mutex)
                        break
                    }
                }
                if stop.load(ordering: .acquiring) { return }
                seen = epoch.load(ordering: .acquiring)
                while let (index, count) = claim() {
                    body!(index)
                    finish(count: count)
                }
            }
        }
    }
}
