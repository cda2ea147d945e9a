import Dispatch

/// A `SerialExecutor` that runs an actor's jobs on its own serial Dispatch queue.
///
/// The Swift concurrency pool has 2 threads here and never grows; a forward pass takes tens to hundreds of
/// milliseconds, so running it on the pool would stall every other task. An *untargeted* serial queue is
/// an overcommit queue and gets its own thread (notes/SWIFT-ON-LINUX.md §5); `DispatchSerialQueue` does not
/// exist on Linux, hence this class.
public final class QueueExecutor: SerialExecutor {
    /// The queue every job runs on (use with `dispatchPrecondition(condition: .onQueue(queue))`).
    public let queue: DispatchQueue

    /// Creates the executor and its queue.
    public init(label: String) { queue = DispatchQueue(label: label) }

    /// Runs `job` on `queue`.
    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { unowned.runSynchronously(on: executor) }
    }

    /// This executor as an actor's `unownedExecutor`.
    public func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }
}
