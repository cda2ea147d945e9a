import ArgumentParser
import Dispatch
import Encoder
import Foundation
import Synchronization
import VectorMath

/// `ampere-bench bench-encoder --contend N`: single-query forward-pass latency per scheduling policy, alone and with
/// `N` background threads keeping cores intermittently busy (the server's situation: the BM25 channel, the HTTP
/// worker and the client compete with the encoder for 2 cores).
///
/// Policies are interleaved in rounds of a few queries each, so drift in the machine's load hits them alike.
/// Prints one line per (phase, policy) with p50/p90/p99, process CPU per query (includes the contenders' in the
/// contended phase) and the ratios against the first policy, then
/// one `RESULT {json}` line.
struct QueryLatencyBench {
    let bench: BenchEncoderCommand
    let weights: MiniLMWeights
    let contenders: Int

    func run() throws {
        let variants = bench.schedules.split(separator: ",").map(String.init)
        let models = try variants.map { try MiniLMModel(weights: weights, parallel: Self.runner($0, threads: bench.threads)) }
        var rng = SplitMix64(seed: 42)
        let query: [Int32] = [101] + (0..<(bench.tokens - 2)).map { _ in Int32(1000 + rng.next() % 29_000) } + [102]
        // Same tokens, same weights: every policy must give the same bits.
        let reference = models[0].embed([query])
        for (policy, model) in zip(variants, models) where model.embed([query]) != reference {
            throw ValidationError("schedule \(policy) changed the embedding")
        }
        var phases: [[String: Any]] = []
        for (phase, load) in [("alone", 0), ("contended", contenders)] where phase == "alone" || load > 0 {
            let contention = BackgroundLoad(threads: load, busyMs: bench.contendBusyMs, idleMs: bench.contendIdleMs)
            let (times, cpu) = measure(models, query: query)
            let cpuLoad = contention.stop()
            var entries: [[String: Any]] = []
            let base = Self.percentiles(times[0])
            for (i, policy) in variants.enumerated() {
                let p = Self.percentiles(times[i])
                let line = String(format: "%-9@ %-12@ n=%5d  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  cpu %6.2f ms  p50/%@ %.3f  p99/%@ %.3f",
                                  phase, policy, times[i].count, p.p50 * 1e3, p.p90 * 1e3, p.p99 * 1e3, cpu[i] * 1e3,
                                  variants[0], p.p50 / base.p50, variants[0], p.p99 / base.p99)
                print(line)
                entries.append(["schedule": policy, "queries": times[i].count, "p50_ms": p.p50 * 1e3,
                                "p90_ms": p.p90 * 1e3, "p99_ms": p.p99 * 1e3, "process_cpu_ms_per_query": cpu[i] * 1e3, "p50_ratio": p.p50 / base.p50,
                                "p99_ratio": p.p99 / base.p99])
            }
            phases.append(["phase": phase, "contenders": load, "contender_busy_fraction": cpuLoad, "results": entries])
        }
        let result: [String: Any] = ["impl": "swift", "isa": KernelISA.active.rawValue, "threads": bench.threads, "tokens": bench.tokens,
                                     "seconds_per_phase": bench.seconds, "phases": phases]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print("RESULT " + String(decoding: json, as: UTF8.self))
    }

    /// Per-policy latencies (seconds) over `bench.seconds`, policies taking turns 10 queries at a time.
    private func measure(_ models: [MiniLMModel], query: [Int32]) -> (times: [[Double]], cpu: [Double]) {
        var times = [[Double]](repeating: [], count: models.count)
        var cpu = [Double](repeating: 0, count: models.count)
        for model in models { _ = model.embed([query]) }  // warm-up: scratch buffers, helper threads
        let end = DispatchTime.now().uptimeNanoseconds + UInt64(bench.seconds * 1e9)
        var round = 0
        while DispatchTime.now().uptimeNanoseconds < end || times[0].count < 20 {
            // Rotate which policy goes first so none always follows another's idle tail.
            for k in 0..<models.count {
                let i = (k + round) % models.count
                let cpu0 = BenchEncoderCommand.processCPUSeconds()
                defer { cpu[i] += BenchEncoderCommand.processCPUSeconds() - cpu0 }
                for _ in 0..<10 {
                    let t0 = DispatchTime.now()
                    _ = models[i].embed([query])
                    times[i].append(BenchEncoderCommand.elapsed(since: t0))
                }
            }
            round += 1
        }
        return (times, zip(cpu, times).map { $0 / Double($1.count) })
    }

    /// `policy[/chunksPerThread][@spinMicroseconds][#threads][:pfN]`, e.g. `static`, `team`, `team/8@20`, `static#1`,
    /// `static:pf0` (GEMM without the weight-panel prefetch), `static:pf2` (two panels ahead).
    static func runner(_ specWithFlags: String, threads defaultThreads: Int) throws -> ParallelRunner {
        let flags = specWithFlags.split(separator: ":", maxSplits: 1).map(String.init)
        let fullSpec = flags[0]
        guard let prefetch = flags.count > 1 ? (flags[1].hasPrefix("pf") ? Int(flags[1].dropFirst(2)) : nil) : 1, prefetch >= 0 else {
            throw ValidationError("bad prefetch flag in \(specWithFlags)")
        }
        let byThreads = fullSpec.split(separator: "#", maxSplits: 1).map(String.init)
        let spec = byThreads[0]
        guard let threads = byThreads.count > 1 ? Int(byThreads[1]) : defaultThreads, threads >= 1 else {
            throw ValidationError("bad thread count in \(fullSpec)")
        }
        let parts = spec.split(separator: "@", maxSplits: 1).map(String.init)
        let head = parts[0].split(separator: "/", maxSplits: 1).map(String.init)
        let isTeam = head[0] == "team"
        guard let policy = isTeam ? .dispatchChunks : ParallelSchedule(rawValue: head[0]) else {
            throw ValidationError("unknown schedule \(spec)")
        }
        let chunks = head.count > 1 ? Int(head[1]) : 4, spin = parts.count > 1 ? Int(parts[1]) : WorkerTeam.defaultSpinMicroseconds
        guard let chunks, let spin, chunks >= 1, spin >= 0 else { throw ValidationError("bad schedule \(fullSpec)") }
        // The team is this benchmark's own executor (the encoder ships the Dispatch schedules only).
        let team = isTeam && threads > 1 ? WorkerTeam(helpers: threads - 1, spinMicroseconds: spin) : nil
        return ParallelRunner(threads: threads, schedule: policy, chunksPerThread: chunks, prefetchPanels: prefetch,
                              executor: team)
    }

    static func percentiles(_ values: [Double]) -> (p50: Double, p90: Double, p99: Double) {
        let s = values.sorted()
        let at = { (q: Double) in s[min(s.count - 1, Int((Double(s.count) * q).rounded(.down)))] }
        return (at(0.5), at(0.9), at(0.99))
    }
}

/// `threads` background threads, each looping "compute for `busyMs`, sleep for `idleMs`" until `stop()`:
/// a bounded load that takes a core away from the forward pass part of the time, as a concurrent request does.
final class BackgroundLoad: Sendable {
    private let running = Atomic<Bool>(true)
    private let finished = Atomic<Int>(0)
    private let busyNanos = Atomic<UInt64>(0)
    private let threads: Int
    private let start = DispatchTime.now().uptimeNanoseconds

    init(threads: Int, busyMs: Double, idleMs: Double) {
        self.threads = threads
        for _ in 0..<threads {
            Thread { [self] in
                var sink: Float = 1
                while running.load(ordering: .relaxed) {
                    let t0 = DispatchTime.now().uptimeNanoseconds, until = t0 + UInt64(busyMs * 1e6)
                    while DispatchTime.now().uptimeNanoseconds < until {
                        for i in 0..<1000 { sink = sink * 0.999_999 + Float(i & 7) * 1e-7 }
                    }
                    busyNanos.wrappingAdd(DispatchTime.now().uptimeNanoseconds - t0, ordering: .relaxed)
                    if idleMs > 0 { usleep(UInt32(idleMs * 1000)) }
                }
                if sink.isNaN { print("unreachable") }  // keeps the loop from being optimised away
                finished.wrappingAdd(1, ordering: .releasing)
            }.start()
        }
    }

    /// Stops the threads, waits for them, and returns the busy wall-time fraction per thread.
    func stop() -> Double {
        running.store(false, ordering: .relaxed)
        while finished.load(ordering: .acquiring) < threads { usleep(1000) }
        guard threads > 0 else { return 0 }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start)
        return Double(busyNanos.load(ordering: .relaxed)) / wall / Double(threads)
    }
}
