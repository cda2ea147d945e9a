import Dispatch
import Foundation
import Synchronization
import VectorMath
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a parallel region of the forward pass (a GEMM, attention) splits and schedules its work.
public enum ParallelSchedule: String, Sendable, CaseIterable {
    /// `threads` equal shares through `DispatchQueue.concurrentPerform` (the original scheduling): a worker that
    /// is descheduled holds up the join while the other core idles.
    case staticSplit = "static"
    /// More chunks than threads through `concurrentPerform`, claimed dynamically: a straggler's unclaimed chunks
    /// are taken over, but each region still wakes Dispatch workers.
    case dispatchChunks = "dispatch"

    /// The schedule the encoder uses unless told otherwise (see `ampere-bench bench-encoder --contend`).
    public static let preferred = ParallelSchedule.dispatchChunks
}

/// Something that runs the chunks of a region itself instead of Dispatch (a persistent thread team: `ampere-bench
/// bench-encoder --contend` compares one against the Dispatch schedules).
public protocol ParallelExecutor: Sendable {
    /// Runs `body(0) … body(chunks - 1)`, each exactly once, possibly concurrently; returns when all are done.
    func run(chunks: Int, _ body: @escaping @Sendable (Int) -> Void)
}

/// Runs the chunks of a parallel region according to a `ParallelSchedule`.
///
/// Chunking never changes what a chunk computes (GEMM chunks are whole panels, attention chunks whole heads),
/// so every schedule gives bit-identical results.
public struct ParallelRunner: Sendable {
    /// Threads a region may use (the caller's included).
    public let threads: Int
    /// The scheduling policy.
    public let schedule: ParallelSchedule
    /// Chunks per thread for the dynamic schedules: enough for one thread to take over a straggler's share.
    public let chunksPerThread: Int
    /// How many weight panels ahead GEMMs prefetch while multiplying the current one (0 = off, only to measure what
    /// it gains with `ampere-bench bench-encoder --contend`).
    public let prefetchPanels: Int
    /// The instruction set the GEMMs of this runner's regions use (`KernelISA.active` unless given; the benchmark
    /// and the tests pass each available one). Both give the same results up to float rounding.
    public let isa: KernelISA
    /// Runs the chunks instead of Dispatch, when given (with the chunk counts of the dynamic schedule).
    private let executor: (any ParallelExecutor)?

    /// `threads` ≥ 1; an `executor` replaces Dispatch for the regions of a multi-threaded runner.
    public init(threads: Int, schedule: ParallelSchedule = .preferred, chunksPerThread: Int = 4,
                prefetchPanels: Int = 1, executor: (any ParallelExecutor)? = nil, isa: KernelISA = .active) {
        self.threads = max(1, threads)
        self.isa = isa
        self.prefetchPanels = max(0, prefetchPanels)
        self.schedule = executor == nil ? schedule : .dispatchChunks
        self.chunksPerThread = max(1, chunksPerThread)
        self.executor = executor
    }

    /// Number of chunks to split `units` independent work units into (at most `units`, at least 1).
    public func chunks(for units: Int) -> Int {
        let wanted = schedule == .staticSplit ? threads : threads * chunksPerThread
        return max(1, min(units, wanted))
    }

    /// Runs `body(0) … body(chunks - 1)`, each exactly once, possibly concurrently; returns when all are done.
    public func run(chunks: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard chunks > 1 && threads > 1 else {
            for i in 0..<max(chunks, 0) { body(i) }
            return
        }
        if let executor {
            executor.run(chunks: chunks, body)
        } else {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: body)
        }
    }
}
