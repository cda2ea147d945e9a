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
