import ArgumentParser
import Dispatch
import Encoder
import Foundation
import Synchronization
import VectorMath

/// `ampere-bench bench-encoder`: MiniLM forward-pass throughput (sentences/s, GFLOP/s) and the GEMM kernel alone.
///
/// Sentences are synthetic token-id sequences of exactly `--tokens` ids ([CLS] … [SEP]), seeded, so the
/// numpy reference (`scripts/minilm_numpy.py bench`) runs the same shapes. Prints one `RESULT {json}` line.
struct BenchEncoderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-encoder", abstract: "Measure MiniLM text-encoder throughput.")

    @Option(help: "Model directory (config.json, vocab.txt, model.safetensors).")
    var modelDir = ProcessInfo.processInfo.environment["AMPERE_MODEL_DIR"] ?? "models/all-MiniLM-L6-v2"
    @Option(help: "Tokens per sentence, including [CLS] and [SEP].")
    var tokens = 32
    @Option(help: "Sentences per forward pass.")
    var batch = 32
    @Option(help: "Seconds to keep measuring after warm-up.")
    var seconds = 10.0
    @Option(help: "Threads per forward pass.")
    var threads = 2
    @Option(help: "Scheduling of the parallel regions for the throughput run: static or dispatch.")
    var schedule = ParallelSchedule.preferred.rawValue
    @Option(help: """
        Instead of the throughput run: single-query latency (one sequence of --tokens ids) of each --schedules \
        policy, alone and with N background threads each busy --contend-busy-ms then asleep --contend-idle-ms.
        """)
    var contend: Int?
    @Option(help: """
        Comma-separated schedules compared by --contend, each policy[/chunksPerThread][@spinMicroseconds] \
        (e.g. team/8@20); the first is the reference of the ratios.
        """)
    var schedules = "static,dispatch,team"
    @Option(help: "Kernel instruction set (as the server's kernels.isa): auto, avx2 or avx512.")
    var isa = KernelISA.Request.auto.rawValue
    @Option(help: "Busy milliseconds per cycle of each --contend thread.")
    var contendBusyMs = 3.0
    @Option(help: "Sleeping milliseconds per cycle of each --contend thread.")
    var contendIdleMs = 3.0

    func validate() throws {
        guard KernelISA.Request(rawValue: isa) != nil else { throw ValidationError("--isa: auto, avx2 or avx512") }
        guard ParallelSchedule(rawValue: schedule) != nil else { throw ValidationError("--schedule: static or dispatch") }
        for spec in schedules.split(separator: ",") { _ = try QueryLatencyBench.runner(String(spec), threads: 1) }
        guard (contend ?? 0) >= 0, contendBusyMs > 0, contendIdleMs >= 0 else { throw ValidationError("--contend values must be positive") }
        guard tokens >= 2, batch >= 1, threads >= 1 else { throw ValidationError("--tokens ≥ 2, --batch ≥ 1, --threads ≥ 1") }
    }

    func run() throws {
        // Process-wide, before anything builds a ParallelRunner: the throughput run, the GEMM alone and --contend.
        let kernels = try KernelISA.select(KernelISA.Request(rawValue: isa) ?? .auto)
        let loadStart = DispatchTime.now()
        let encoder = try MiniLMTextEncoder(directory: modelDir, threads: threads,
                                            schedule: ParallelSchedule(rawValue: schedule) ?? .preferred)
        let loadSeconds = Self.elapsed(since: loadStart)
        if let contend {
            try QueryLatencyBench(bench: self, weights: encoder.model.weights, contenders: contend).run()
            return
        }
        var rng = SplitMix64(seed: 42)
        let sentences: [[Int32]] = (0..<batch).map { _ in
            [101] + (0..<(tokens - 2)).map { _ in Int32(1000 + rng.next() % 29_000) } + [102]
        }
        _ = encoder.encode(tokenIDs: sentences)  // warm-up
        var times: [Double] = []
        let cpuStart = Self.processCPUSeconds()
        let end = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while DispatchTime.now().uptimeNanoseconds < end || times.count < 3 {
            let t0 = DispatchTime.now()
            _ = encoder.encode(tokenIDs: sentences)
            times.append(Self.elapsed(since: t0))
        }
        // CPU seconds per batch (all threads): on a machine shared with other jobs, wall time measures the
        // share we got; CPU time estimates what an idle machine would give (cores / cpu_s_per_batch).
        let cpuPerBatch = (Self.processCPUSeconds() - cpuStart) / Double(times.count)
        times.sort()
        let median = times[times.count / 2]
        let flops = Self.flopsPerBatch(tokens: tokens, batch: batch)
        let tokenizeMicros = Self.tokenizerMicroseconds(encoder.tokenizer)
        let gemm = GEMMBench.run(threads: threads)
        let result: [String: Any] = [
            "impl": "swift", "isa": kernels.rawValue, "threads": threads, "schedule": encoder.model.schedule.rawValue, "tokens": tokens, "batch": batch, "batches": times.count,
            "load_s": loadSeconds, "median_batch_s": median, "sentences_per_s": Double(batch) / median,
            "gflops": flops / median / 1e9, "gemm_gflops": gemm.wall, "gemm_gflops_per_cpu_s": gemm.perCPUSecond,
            "cpu_s_per_batch": cpuPerBatch, "tokenize_us_per_text": tokenizeMicros, "gflops_per_cpu_s": flops / cpuPerBatch / 1e9,
        ]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print("RESULT " + String(decoding: json, as: UTF8.self))
    }

    /// Multiply-adds of one batch counted as 2 flops: the four 384x384 projections and the two FFN matrices
    /// per token, plus attention scores and weighted sums (2·T² per head dimension) per sequence, per layer.
    static func flopsPerBatch(tokens t: Int, batch b: Int, hidden h: Int = 384, ffn f: Int = 1536, layers: Int = 6) -> Double {
        let perToken = 2.0 * Double(4 * h * h + 2 * h * f)
        let attention = 2.0 * 2.0 * Double(t * t * h)
        return Double(layers) * (Double(b * t) * perToken + Double(b) * attention)
    }

    /// Median microseconds to tokenize one product-like text (English with accents and symbols, and Chinese).
    static func tokenizerMicroseconds(_ tokenizer: BertTokenizer) -> Double {
        let texts = [
            "Insulated Stainless Steel Water Bottle 750ml, BPA-free, keeps drinks cold 24h — Café Édition (matte black)",
            "直播间福利：这款保温杯容量500毫升，适合户外使用，今天下单立减20元，包邮！",
        ]
        var times: [Double] = []
        for _ in 0..<200 {
            let t0 = DispatchTime.now()
            for t in texts { _ = tokenizer.encode(t) }
            times.append(elapsed(since: t0) / Double(texts.count))
        }
        times.sort()
        return times[times.count / 2] * 1e6
    }

    /// User + system CPU time of the whole process.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let t = { (v: timeval) in Double(v.tv_sec) + Double(v.tv_usec) / 1e6 }
        return t(usage.ru_utime) + t(usage.ru_stime)
    }

    static func elapsed(since t: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e9
    }
}

/// The GEMM kernel alone on the FFN up-projection shape (1024 x 384 · 384 x 1536): median wall GFLOP/s and
/// GFLOP per CPU second.
enum GEMMBench {
    static func run(threads: Int, rows: Int = 1024, inputs: Int = 384, outputs: Int = 1536) -> (wall: Double, perCPUSecond: Double) {
        var rng = SplitMix64(seed: 7)
        let w = PackedMatrix(weight: (0..<(inputs * outputs)).map { _ in rng.nextUnitFloat() },
                             bias: [Float](repeating: 0, count: outputs), outputs: outputs, inputs: inputs)
        let a = (0..<(rows * inputs)).map { _ in rng.nextUnitFloat() }
        var c = [Float](repeating: 0, count: rows * outputs)
        var times: [Double] = []
        let cpu0 = BenchEncoderCommand.processCPUSeconds()
        for _ in 0..<30 {
            let t0 = DispatchTime.now()
            a.withUnsafeBufferPointer { a in
                c.withUnsafeMutableBufferPointer { c in
                    GEMM.multiply(a.baseAddress!, rows: rows, by: w, into: c.baseAddress!, threads: threads)
                }
            }
            times.append(BenchEncoderCommand.elapsed(since: t0))
        }
        let cpu = (BenchEncoderCommand.processCPUSeconds() - cpu0) / Double(times.count)
        times.sort()
        let flops = 2.0 * Double(rows * inputs * outputs)
        return (flops / times[times.count / 2] / 1e9, flops / cpu / 1e9)
    }
}

extension SplitMix64 {
    /// A uniform float in [-0.5, 0.5): benchmark inputs, identical run to run.
    mutating func nextUnitFloat() -> Float { Float(next() >> 40) / Float(1 << 24) - 0.5 }
}
