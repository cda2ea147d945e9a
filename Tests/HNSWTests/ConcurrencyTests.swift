import Dispatch
import HNSW
import Testing
import VectorMath

/// Many searches while one writer inserts and deletes. Run under `--sanitize=thread` to prove it race-free.
@Suite struct ConcurrencyTests {
    @Test func readersAndOneWriter() {
        let data = Fixtures.clustered(count: 1_200, dimension: 16, seed: 51)
        let index = Fixtures.index(Array(data.prefix(400)), metric: .cosine, M: 8, efConstruction: 40)
        let queries = Fixtures.clustered(count: 40, dimension: 16, seed: 52)
        let readers = 4
        // Thread 0 writes: inserts the rest, deleting every third key as it goes; others search until it is done.
        let done = Flag()
        DispatchQueue.concurrentPerform(iterations: readers + 1) { worker in
            if worker == 0 {
                for i in 400..<1_200 {
                    index.insert(key: Int64(i), vector: data[i])
                    if i % 3 == 0 { index.remove(key: Int64(i - 300)) }
                }
                done.set()
            } else {
                var n = 0
                while !done.isSet || n < 50 {
                    let hits = index.search(queries[n % queries.count], k: 5, ef: 32)
                    precondition(hits.count <= 5)
                    _ = index.search(queries[n % queries.count], k: 5) { _, key in key % 2 == 0 }
                    n += 1
                }
            }
        }
        #expect(index.invariantViolations() == [])
        #expect(index.count == 1_200 - 800 / 3)
    }
}

/// Compaction rewires in short write-locked steps, so searches keep completing while it runs (a single
/// write lock held for the whole rewiring would let none start and finish in between).
@Suite struct CompactionConcurrencyTests {
    @Test func searchesProceedDuringCompaction() {
        let data = Fixtures.clustered(count: 3_000, dimension: 16, seed: 61)
        let index = HNSWIndex(configuration: HNSWConfiguration(
            dimension: 16, metric: .l2, M: 8, efConstruction: 40, seed: 3, initialCapacity: 16,
            compactionRatio: 0.9, compactionMinimum: 100_000))
        for (i, v) in data.enumerated() { index.insert(key: Int64(i), vector: v) }
        for i in stride(from: 0, to: 3_000, by: 3) { index.remove(key: Int64(i)) }
        #expect(index.tombstoneCount == 1_000)
        let started = Flag(), done = Flag()
        let during = Counter()
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            if worker == 0 {
                started.set()
                index.compact()
                done.set()
            } else {
                while !started.isSet {}
                var n = 0
                while !done.isSet {
                    let hits = index.search(data[(n * 7 + 1) % 3_000], k: 5, ef: 32)
                    // Started after compaction began, finished before it ended: it ran between two steps.
                    if !done.isSet { during.increment() }
                    precondition(hits.allSatisfy { $0.key % 3 != 0 }, "a deleted vector came back")
                    n += 1
                }
            }
        }
        #expect(index.tombstoneCount == 0)
        #expect(index.invariantViolations() == [])
        #expect(during.value >= 6, "only \(during.value) searches completed during compaction")
        // Every survivor is still found as its own nearest neighbour.
        var found = 0
        for i in 0..<3_000 where i % 3 != 0 {
            if index.search(data[i], k: 1, ef: 32).first?.key == Int64(i) { found += 1 }
        }
        #expect(Double(found) / 2_000 >= 0.99)
    }
}

/// A thread-safe counter for test coordination.
final class Counter: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var count = 0
    var value: Int {
        lock.wait()
        defer { lock.signal() }
        return count
    }
    func increment() {
        lock.wait()
        count += 1
        lock.signal()
    }
}

/// A thread-safe one-way flag for test coordination.
final class Flag: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var value = false
    var isSet: Bool {
        lock.wait()
        defer { lock.signal() }
        return value
    }
    func set() {
        lock.wait()
        value = true
        lock.signal()
    }
}
