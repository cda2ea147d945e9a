import ArgumentParser
import Dispatch
import Foundation
import HNSW
import Storage
import VectorMath

/// `ampere-bench bench-snapshot`: builds a graph of `--count` random seeded vectors, saves it as a snapshot file
/// through `IndexSnapshotter` (the server's path: streamed temp file, fsync, rename, header row) while a writer
/// keeps inserting, then loads it back through `IndexLoader` (mmap, checksum, invariants). Prints bytes, write
/// seconds, seconds the index's read lock was held, what the concurrent writer managed meanwhile, and load seconds.
struct BenchSnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-snapshot", abstract: "Benchmark writing and loading a graph snapshot file.")

    @Option(help: "Slots in the graph.") var count: Int = 100_000
    @Option(help: "Vector dimension.") var dimension: Int = 384
    @Option(name: .customLong("M"), help: "Links per node (level 0 keeps 2M).") var M: Int = 16
    @Option(help: "efConstruction (low by default: the build is not what is measured).") var efc: Int = 24
    @Option(help: "Directory for the database and the snapshot file (created; its files are removed after).")
    var dir: String
    @Option(help: "Vector seed.") var seed: UInt64 = 7
    @Flag(help: "Do not insert concurrently while the snapshot is written.") var noConcurrentWriter = false
    @Option(help: "Slots allocated up front (default: --count, so the concurrent writer's first insert grows the buffers, as a full graph does).")
    var capacity: Int?

    func run() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/bench-snapshot.sqlite"
        defer { removeFiles() }
        removeFiles()
        let configuration = HNSWConfiguration(dimension: dimension, metric: .cosine, M: M, efConstruction: efc,
                                              seed: seed, initialCapacity: capacity ?? count)
        let index = HNSWIndex(configuration: configuration)
        var rng = SplitMix64(seed: seed)
        var vector = [Float](repeating: 0, count: dimension)
        let buildStart = BenchIndexCommand.now()
        for key in 0..<count {
            for d in 0..<dimension { vector[d] = rng.nextSignedUnitFloat() }
            index.insert(key: Int64(key), vector: vector)
        }
        print(String(format: "bench-snapshot: %d slots x %d dims, M %d, efConstruction %d (built in %.1f s)",
                     count, dimension, M, efc, BenchIndexCommand.now() - buildStart))

        let queue = try DatabaseQueue(path: path, label: "bench.snapshot")
        try queue.sync { db in
            var migrator = Migrator()
            migrator.register(IndexSchema.migrations)
            _ = try migrator.migrate(db)
        }
        let snapshots = IndexSnapshotter(database: queue)
        // A writer inserting throughout the save: it must not wait for the file, only for the copy of the links.
        let done = DispatchSemaphore(value: 0)
        let writer = ConcurrentWriter()
        if !noConcurrentWriter {
            Thread.detachNewThread { [dimension] in
                var rng = SplitMix64(seed: 99)
                var v = [Float](repeating: 0, count: dimension)
                var key = Int64(count)
                var inserts = 0, slowest = 0.0
                while !writer.stopped {
                    for d in 0..<dimension { v[d] = rng.nextSignedUnitFloat() }
                    let t = BenchIndexCommand.now()
                    index.insert(key: key, vector: v)
                    slowest = max(slowest, BenchIndexCommand.now() - t)
                    inserts += 1
                    key += 1
                }
                writer.finish(inserts: inserts, slowest: slowest)
                done.signal()
            }
        }
        let saved = try snapshots.saveNow(index)
        writer.stop()
        if !noConcurrentWriter { done.wait() }
        let loadStart = BenchIndexCommand.now()
        let (loaded, report) = try snapshots.load(configuration: configuration)
        let loadSeconds = BenchIndexCommand.now() - loadStart
        guard case .snapshot = report.source, loaded.count == count else {
            throw ValidationError("the snapshot did not load back: \(report), \(loaded.count) vectors")
        }
        print(String(format: "bytes        %12d (%.1f MB, %.0f B/slot)", saved.bytes, Double(saved.bytes) / 1_048_576,
                     Double(saved.bytes) / Double(saved.slots)))
        print(String(format: "write        %8.3f s   (stream + fsync + rename + header row; %.0f MB/s)",
                     saved.writeSeconds, Double(saved.bytes) / 1_048_576 / saved.writeSeconds))
        print(String(format: "lock held    %8.3f s   (index read lock, copying states, levels, keys and links)",
                     saved.lockSeconds))
        if !noConcurrentWriter {
            let (inserts, slowest) = writer.result
            print(String(format: "writer       %8d inserts during the save, slowest %.1f ms", inserts, slowest * 1000))
        }
        print(String(format: "load         %8.3f s   (mmap, checksum, decode, invariants)", loadSeconds))
        // For comparison with the writer's slowest insert: the loaded graph is exactly full, so one insert doubles
        // its buffers, with no snapshot anywhere near.
        let growStart = BenchIndexCommand.now()
        loaded.insert(key: -1, vector: vector)
        print(String(format: "grow alone   %8.1f ms  (an insert that doubles a full graph's buffers, no snapshot running)",
                     (BenchIndexCommand.now() - growStart) * 1000))
    }

    private func removeFiles() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix("index-") || name.hasPrefix("bench-snapshot.sqlite") {
            try? FileManager.default.removeItem(atPath: dir + "/" + name)
        }
    }
}

/// The concurrent inserter's stop flag and its figures.
private final class ConcurrentWriter: @unchecked Sendable {
    private let lock = NSLock()
    private var stopFlag = false
    private var figures = (inserts: 0, slowest: 0.0)
    var stopped: Bool { lock.withLock { stopFlag } }
    func stop() { lock.withLock { stopFlag = true } }
    func finish(inserts: Int, slowest: Double) { lock.withLock { figures = (inserts, slowest) } }
    var result: (Int, Double) { lock.withLock { figures } }
}
