/// Key -> slot for the live slots. Appearance keys are SQLite row ids: small, dense and increasing. So keys in
/// `0..<dense.count` live in a flat array (one load, 4 bytes a key, no hashing; `absent` marks a free entry) and the
/// rest (negative keys, or keys far beyond the live count) in a dictionary. The array grows only while it stays
/// within about twice the live count, so sparse keys cannot blow it up; growing it moves the dictionary's keys that
/// now fall inside. A key is in exactly one of the two.
///
/// A filtered exact scan looks up every candidate key: with 11k candidates at 1.15M slots, the dictionary's hash
/// and its random probes into ~20 MB of buckets were a cache miss or two a key.
struct KeySlotMap {
    static let absent = UInt32.max
    private(set) var dense: [UInt32] = []
    private var sparse: [Int64: UInt32] = [:]
    private(set) var count = 0

    subscript(key: Int64) -> UInt32? {
        @inline(__always) get {
            if key >= 0, key < Int64(dense.count) {
                let slot = dense.withUnsafeBufferPointer { $0[Int(key)] }
                return slot == Self.absent ? nil : slot
            }
            return sparse.isEmpty ? nil : sparse[key]
        }
        set {
            if let slot = newValue { insert(key, slot) } else { removeValue(forKey: key) }
        }
    }

    /// Bytes the map holds (for memory accounting): 4 an array entry, about 13 a dictionary entry.
    var memoryBytes: Int { dense.capacity * 4 + sparse.capacity * 13 }

    mutating func reserveCapacity(_ n: Int) {
        dense.reserveCapacity(n)
    }

    @discardableResult
    mutating func removeValue(forKey key: Int64) -> UInt32? {
        if key >= 0, key < Int64(dense.count) {
            let old = dense[Int(key)]
            guard old != Self.absent else { return nil }
            dense[Int(key)] = Self.absent
            count -= 1
            return old
        }
        guard let old = sparse.removeValue(forKey: key) else { return nil }
        count -= 1
        return old
    }

    private mutating func insert(_ key: Int64, _ slot: UInt32) {
        precondition(slot != Self.absent, "slot \(slot) is the map's empty marker")
        if key >= 0, key >= Int64(dense.count), key < Int64(Self.denseLimit(count: count + 1)) { grow(to: Int(key) + 1) }
        if key >= 0, key < Int64(dense.count) {
            if dense[Int(key)] == Self.absent { count += 1 }
            dense[Int(key)] = slot
            return
        }
        if sparse.updateValue(slot, forKey: key) == nil { count += 1 }
    }

    /// The largest array the map keeps for `count` keys: twice the keys, and at least 4,096 entries.
    static func denseLimit(count: Int) -> Int { max(4_096, 2 * count) }

    /// Extends the array to at least `size` entries (geometrically) and moves the dictionary's keys below it.
    private mutating func grow(to size: Int) {
        let target = max(size, min(dense.count * 2, Self.denseLimit(count: count + 1)))
        dense.append(contentsOf: repeatElement(Self.absent, count: target - dense.count))
        guard !sparse.isEmpty else { return }
        for (key, slot) in sparse where key >= 0 && key < Int64(target) {
            sparse.removeValue(forKey: key)
            dense[Int(key)] = slot
        }
    }
}
