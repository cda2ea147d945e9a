import Foundation
import Synchronization

/// Where the CPU work of a request runs: a task executor of a few threads of its own, off the Swift concurrency pool.
///
/// The pool has one thread per core (two here) and runs every async handler. The routes' CPU work is synchronous:
/// a search's HNSW walk or filtered exact scan under the index's read lock, lexical analysis and fusing; the
/// extractive summary of a long transcript (`/summarize`, `/embed`, product writes); a recommendation's exact
/// scan. Two such requests on the pool would hold both its threads and stall every other async route for as long.
/// Run with this executor as the task's preference (`run`), the work and its child tasks (`async let`) run on
/// the lane's threads; awaits on other executors (the encoder's actor, SQLite's queues, libcurl's threads) come
/// back here. Jobs wait in one first-come-first-served line, so a cheap request waits behind at most `width`
/// running ones plus those ahead of it; the admission gate (`limits.max_in_flight`) bounds the line.
package final class WorkLane: TaskExecutor {
    /// The lane the routes use: two threads (one per core on the reference machine).
    package static let shared = WorkLane(width: 2, name: "ampere.work")

    /// Threads.
    package let width: Int
    private let jobs = Mutex(JobLine())
    private let ready = DispatchSemaphore(value: 0)
    private let running = Atomic<Int>(0)

    /// A lane of `width` threads named `name-N`; they live as long as the process.
    package init(width: Int, name: String) {
        self.width = max(1, width)
        for i in 0..<self.width {
            let thread = Thread { [self] in work() }
            thread.name = "\(name)-\(i)"
            thread.start()
        }
    }

    /// Jobs running and waiting now.
    package var load: (running: Int, queued: Int) {
        (running.load(ordering: .relaxed), jobs.withLock { $0.count })
    }

    /// Runs `operation` (and the child tasks it creates) on the lane's threads, resuming the caller with its result.
    package func run<R: Sendable>(_ operation: @Sendable () async throws -> R) async throws -> R {
        try await withTaskExecutorPreference(self) { try await operation() }
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        jobs.withLock { $0.append(unowned) }
        ready.signal()
    }

    private func work() {
        while true {
            ready.wait()
            guard let job = jobs.withLock({ $0.popFirst() }) else { continue }
            running.add(1, ordering: .relaxed)
            job.runSynchronously(on: asUnownedTaskExecutor())
            running.subtract(1, ordering: .relaxed)
        }
    }
}

/// A FIFO of jobs: an array with a moving head, compacted when half of it is consumed.
private struct JobLine: ~Copyable {
    private var items: [UnownedJob] = []
    private var head = 0

    var count: Int { items.count - head }

    mutating func append(_ job: UnownedJob) { items.append(job) }

    mutating func popFirst() -> UnownedJob? {
        guard head < items.count else { return nil }
        let job = items[head]
        head += 1
        if head >= 64 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return job
    }
}
