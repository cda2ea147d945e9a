import Encoder
import Foundation
import Synchronization
import Testing

@Suite("Parallel regions: schedules, worker team")
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
                    if i % 5 == region % 5 { usleep(UInt32(region % 3) * 50) }  // uneven chunks
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
        #expect(ParallelRunner(threads: 2, schedule: .team, chunksPerThread: 4).chunks(for: 72) == 8)
        #expect(ParallelRunner(threads: 2, schedule: .team).chunks(for: 3) == 3)
        #expect(ParallelRunner(threads: 2, schedule: .team).chunks(for: 0) == 1)
    }

    @Test("two callers sharing one team at once both complete (the second falls back to Dispatch)")
    func concurrentCallers() async {
        let runner = ParallelRunner(threads: 2, schedule: .team)
        let failures = Tally(1)
        await withTaskGroup(of: Void.self) { group in
            for caller in 0..<4 {
                group.addTask {
                    for region in 0..<300 {
                        let chunks = 2 + (region + caller) % 9
                        let tally = Tally(chunks)
                        runner.run(chunks: chunks) { tally.hit($0) }
                        if tally.counts != [Int](repeating: 1, count: chunks) { failures.hit(0) }
                    }
                }
            }
        }
        #expect(failures.counts == [0])
    }

    /// Polls `condition` every 5 ms for up to 5 s.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<1000 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }

    @Test("a team's helper threads start, and leave their loop when the runner goes away (even before they ever ran a region)")
    func helpersStop() async throws {
        // Counted per team: a process-wide count also moves with other tests' teams (and with helpers of earlier
        // tests still leaving), which made this test flaky.
        var gauges: [() -> Int] = []
        do {
            let runners = (0..<8).map { _ in ParallelRunner(threads: 3, schedule: .team) }
            gauges = runners.map(\.helperGauge)
            for r in runners.prefix(4) { r.run(chunks: 4) { _ in } }  // the other 4 are dropped unused
            #expect(try await Self.eventually { gauges.reduce(0) { $0 + $1() } == 16 }, "\(gauges.map { $0() }) running")
            #expect(runners.count == 8)  // keeps them alive until here
        }
        #expect(try await Self.eventually { gauges.reduce(0) { $0 + $1() } == 0 }, "\(gauges.map { $0() }) running")
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
