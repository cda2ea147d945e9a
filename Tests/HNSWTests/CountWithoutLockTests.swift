import Dispatch
import Testing
@testable import HNSW

/// Issue 14 #14: `count` (what `/health` reports, on an I/O thread) is read without the index lock, so it answers
/// while a writer holds the lock, and stays equal to the graph's own count through inserts, replaces and removes.
@Suite struct CountWithoutLockTests {
    @Test(.timeLimit(.minutes(1)))
    func countAnswersWhileAWriterHoldsTheLock() async {
        let data = Fixtures.clustered(count: 60, dimension: 8, seed: 3)
        let index = Fixtures.index(Array(data.prefix(50)), metric: .cosine, M: 8, efConstruction: 40)
        let held = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            index.lock.withWriteLock {
                held.signal()
                release.wait()
            }
        }
        held.wait()
        #expect(index.count == 50)
        release.signal()
        index.insert(key: 0, vector: data[55])  // a replace: the count stays
        #expect(index.count == 50)
        index.insert(key: 100, vector: data[56])
        index.remove(key: 1)
        index.remove(key: 9_999)
        #expect(index.count == 50)
        #expect(index.count == index.lock.withReadLock { index.graph.liveCount })
        let restored = try? HNSWIndex.load(snapshot: index.snapshot(sequence: 1), configuration: index.configuration)
        #expect(restored?.index.count == 50)
    }
}
