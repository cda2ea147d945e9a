/// A binary max-heap of `Neighbor` by distance over manually managed storage, reused across searches so that a
/// search allocates nothing once warmed up. A min-heap is the same heap fed negated distances (hnswlib's trick).
final class NeighborHeap {
    private(set) var storage: UnsafeMutablePointer<Neighbor>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The largest element; the heap must not be empty.
    @inline(__always) var top: Neighbor { storage[0] }

    @inline(__always) func removeAll() { count = 0 }

    @inline(__always) func push(_ distance: Float, _ slot: UInt32) {
        if count == capacity { grow() }
        var i = count
        count &+= 1
        // Sift up: move parents down until the new element's place is found.
        while i > 0 {
            let parent = (i &- 1) >> 1
            if storage[parent].distance >= distance { break }
            storage[i] = storage[parent]
            i = parent
        }
        storage[i] = Neighbor(distance: distance, slot: slot)
    }

    @inline(__always) @discardableResult
    func pop() -> Neighbor {
        let result = storage[0]
        count &-= 1
        if count > 0 {
            let last = storage[count]
            var i = 0
            // Sift down the former last element from the root.
            while true {
                let left = 2 &* i &+ 1
                if left >= count { break }
                let right = left &+ 1
                var child = left
                if right < count && storage[right].distance > storage[left].distance { child = right }
                if storage[child].distance <= last.distance { break }
                storage[i] = storage[child]
                i = child
            }
            storage[i] = last
        }
        return result
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<Neighbor>.allocate(capacity: capacity * 2)
        bigger.update(from: storage, count: count)
        storage.deallocate()
        storage = bigger
        capacity *= 2
    }
}
