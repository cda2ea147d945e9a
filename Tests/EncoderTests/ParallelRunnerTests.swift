import Encoder
import Foundation
import Synchronization
import Testing

@Suite("Parallel regions: schedules and executors")
struct ParallelRunnerTests {
    /// Counts how many times each chunk ran (behind a mutex, so concurrent chunks can record themselves).
    final class Tally: Sendable {
        let slots: Mutex<[Int]>
        init(_ n: Int) { slots = Mutex([Int](repeating: 0, count: n)) }
        func hit(_ i: Int) { slots.withLock { $0[i] += 1 } }
        var counts: [Int] { slots.withLock { $0 } }
    }

    @Test("every chunk of every region runs exactly once, and run returns only after all of them",
          arguments: ParallelSchedule.allCases)
    func eachChunkOnce(schedule: ParallelSchedule) {
        for threads in [1, 2, 3] {
            let runner = ParallelRunner(threads: threads, schedule: schedule)
            for region in 0..<600 {
                let chunks = 1 + region % 17
                let tally = Tally(chunks)
                runner.run(chunks: chunks) { i in
                    if i % 5 == region % 5 { Self.spin(region % 3 * 20_000) }  // uneven chunks
                    tally.hit(i)
                }
                let counts = tally.counts
                #expect(counts == [Int](repeating: 1, count: chunks), "threads \(threads) region \(region): \(counts)")
                if counts != [Int](repeating: 1, count: chunks) { return }
            }
        }
    }

    @Test("chunk counts: static is one per thread, the dynamic schedules several, never more than the units")
    func chunkCounts() {
        #expect(ParallelRunner(threads: 2, schedule: .staticSplit).chunks(for: 72) == 2)
        #expect(ParallelRunner(threads: 2, schedule: .dispatchChunks, chunksPerThread: 4).chunks(for: 72) == 8)
        let inline = InlineExecutor()
        #expect(ParallelRunner(threads: 2, schedule: .staticSplit, chunksPerThread: 4, executor: inline).chunks(for: 72) == 8)
        #expect(ParallelRunner(threads: 2, executor: inline).chunks(for: 3) == 3)
        #expect(ParallelRunner(threads: 2, executor: inline).chunks(for: 0) == 1)
    }

    /// Busy work of `steps` iterations (uneven chunks without sleeping).
    static func spin(_ steps: Int) {
        var x = UInt64(steps)
        for k in 0..<steps { x = x &* 6364136223846793005 &+ UInt64(k) }
        if x == 42 { print("") }  // keeps the loop from being optimised away
    }

    /// Runs the chunks in order on the caller's thread, counting regions: an executor is used when given.
    final class InlineExecutor: ParallelExecutor {
        let regions = Mutex(0)
        func run(chunks: Int, _ body: @escaping @Sendable (Int) -> Void) {
            regions.withLock { $0 += 1 }
            for i in 0..<chunks { body(i) }
        }
    }

    @Test("a runner with an executor hands it every multi-chunk region")
    func executorRunsTheRegions() {
        let inline = InlineExecutor()
        let runner = ParallelRunner(threads: 2, executor: inline)
        let tally = Tally(5)
        runner.run(chunks: 5) { tally.hit($0) }
        runner.run(chunks: 1) { _ in }  // a single chunk runs inline, not through the executor
        #expect(tally.counts == [1, 1, 1, 1, 1])
        #expect(inline.regions.withLock { $0 } == 1)
    }

    @Test("GEMM: every schedule gives bit-identical outputs to the single-threaded product",
          arguments: [(1, 384, 1152), (5, 384, 40), (32, 384, 384), (32, 1536, 384), (70, 400, 1536)])
    func gemmSchedulesBitIdentical(rows: Int, inputs: Int, outputs: Int) {
        let packed = PackedMatrix(weight: KernelTests.randoms(outputs * inputs, seed: 11),
                                  bias: KernelTests.randoms(outputs, seed: 12), outputs: outputs, inputs: inputs)
        let a = KernelTests.randoms(rows * inputs, seed: 13)
        for epilogue in [GEMM.Epilogue.none, .gelu] {
            var reference = [Float](repeating: .nan, count: rows * outputs)
            a.withUnsafeBufferPointer { ap in
                reference.withUnsafeMutableBufferPointer {
                    GEMM.multiply(ap.baseAddress!, rows: rows, by: packed, into: $0.baseAddress!, threads: 1, epilogue: epilogue)
                }
            }
            for schedule in ParallelSchedule.allCases {
                for chunksPerThread in [1, 3, 8] {
                    let runner = ParallelRunner(threads: 2, schedule: schedule, chunksPerThread: chunksPerThread)
                    var c = [Float](repeating: .nan, count: rows * outputs)
                    a.withUnsafeBufferPointer { ap in
                        c.withUnsafeMutableBufferPointer {
                            GEMM.multiply(ap.baseAddress!, rows: rows, by: packed, into: $0.baseAddress!, parallel: runner, epilogue: epilogue)
                        }
                    }
                    #expect(c.map(\.bitPattern) == reference.map(\.bitPattern), "\(schedule) x\(chunksPerThread) \(epilogue)")
                }
            }
        }
    }
}
