@testable import HNSW
import Testing
import VectorMath

/// The key map (flat array for dense keys, dictionary for the rest) answers as a dictionary would.
@Suite struct KeySlotMapTests {
    /// Seeded random inserts, replacements and removals over dense, sparse and negative keys, checked against a
    /// dictionary after every step.
    @Test(arguments: [UInt64(1), 2, 3])
    func matchesADictionary(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var map = KeySlotMap()
        var model: [Int64: UInt32] = [:]
        var used: [Int64] = [0]  // keys set so far, in order (a dictionary's own order varies by process)
        for step in 0..<20_000 {
            let r = rng.next() % 100
            // Mostly row-id-like keys that grow with the step; some far out, some negative.
            let key: Int64 = switch r {
            case 0..<70: Int64(rng.next() % UInt64(step + 10))
            case 70..<85: Int64(rng.next() % 10_000_000)
            case 85..<90: -Int64(rng.next() % 1_000) - 1
            default: used[Int(rng.next() % UInt64(used.count))]
            }
            if rng.next() % 4 == 0 {
                #expect(map.removeValue(forKey: key) == model.removeValue(forKey: key))
            } else {
                let slot = UInt32(rng.next() % 1_000_000)
                map[key] = slot
                model[key] = slot
                used.append(key)
            }
            #expect(map[key] == model[key])
            #expect(map.count == model.count)
        }
        for (key, slot) in model { #expect(map[key] == slot) }
        for key in Int64(-50)..<5_000 where model[key] == nil { #expect(map[key] == nil) }
        // Dense keys stay in the array, which stays within twice the entries (at least 4,096).
        #expect(map.dense.count <= KeySlotMap.denseLimit(count: map.count) + 1)
    }

    /// Keys inserted before the array reaches them (out of order) move into it when it grows, and stay found.
    @Test func keysFarAheadMoveIntoTheArray() {
        var map = KeySlotMap()
        map[9_000] = 1
        #expect(map.dense.count < 9_000)
        for key in Int64(0)..<5_000 { map[key] = UInt32(key + 10) }
        #expect(map[9_000] == 1)  // still in the dictionary: the array covers 8,192 keys
        for key in Int64(5_000)..<8_500 { map[key] = UInt32(key + 10) }
        #expect(map.dense.count > 9_000)
        #expect(map[9_000] == 1)
        #expect(map.count == 8_501)
        #expect(map.removeValue(forKey: 9_000) == 1)
        #expect(map[9_000] == nil)
        #expect(map.count == 8_500)
    }
}
