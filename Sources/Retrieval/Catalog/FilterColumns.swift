import Synchronization

/// The filter fields of every appearance in flat columns indexed by appearance key, read by the ANN search for
/// every node it visits under a filter: two atomic loads per key (no lock, no allocation, no string work).
///
/// Brand and category are stored as small ids of their folded keys (`FilterMatcher.key`, folded once when the
/// appearance is stored), domain as a bit, price as the bits of a `Double`. Keys are SQLite row ids, dense from 1:
/// the columns are chunks of 65,536 keys allocated as keys reach them and never moved or freed while the
/// directory lives, so a reader never follows a stale pointer. Writes come from one writer at a time (under the
/// directory's mutex, in commit order); a reader racing a write of the same key sees the old or the new fields of
/// that key (the price is stored before the word that publishes it). Keys outside `0..<2^32` go to a small
/// locked overflow map.
final class FilterColumns: @unchecked Sendable {
    static let chunkBits = 16
    static let chunkSize = 1 << chunkBits
    static let maxChunks = 1 << 16
    /// Bits of the packed word: present (63), domain (60...62, one bit per domain), brand id (30...59),
    /// category id (0...29). An id of 0 means "none".
    static let present: UInt64 = 1 << 63
    static let idBits: UInt64 = 30
    static let idMask: UInt64 = (1 << idBits) - 1

    /// Chunk pointers (as bit patterns, 0 = not allocated); each chunk holds `chunkSize` packed words followed by
    /// `chunkSize` price words.
    private let chunks: UnsafeMutablePointer<Atomic<Int>>
    private let overflow = Mutex<[Int64: (word: UInt64, price: UInt64)]>([:])

    init() {
        chunks = .allocate(capacity: Self.maxChunks)
        for i in 0..<Self.maxChunks { (chunks + i).initialize(to: Atomic(0)) }
    }

    deinit {
        for i in 0..<Self.maxChunks {
            let raw = chunks[i].load(ordering: .relaxed)
            if raw != 0 { UnsafeMutablePointer<Atomic<UInt64>>(bitPattern: raw)!.deallocate() }
        }
        chunks.deallocate()
    }

    static func pack(domain: Domain, brand: UInt32, category: UInt32) -> UInt64 {
        let bit: UInt64 = switch domain { case .page: 1; case .video: 2; case .live: 4 }
        return present | bit << 60 | (UInt64(brand) & idMask) << idBits | (UInt64(category) & idMask)
    }

    /// The domain bit of a packed word (1 page, 2 video, 4 live).
    @inline(__always) static func domainBit(_ word: UInt64) -> UInt64 { (word >> 60) & 7 }
    @inline(__always) static func brand(_ word: UInt64) -> UInt32 { UInt32((word >> idBits) & idMask) }
    @inline(__always) static func category(_ word: UInt64) -> UInt32 { UInt32(word & idMask) }

    /// The packed word and price of `key` (word 0: no such appearance). Lock-free for keys in range.
    @inline(__always) func read(_ key: Int64) -> (word: UInt64, price: Double) {
        guard key >= 0, key < Int64(Self.maxChunks) << Int64(Self.chunkBits) else {
            let v: (word: UInt64, price: UInt64) = overflow.withLock { $0[key] ?? (0, 0) }
            return (v.word, Double(bitPattern: v.price))
        }
        let raw = chunks[Int(key) >> Self.chunkBits].load(ordering: .acquiring)
        guard raw != 0 else { return (0, .nan) }
        let chunk = UnsafeMutablePointer<Atomic<UInt64>>(bitPattern: raw)!
        let i = Int(key) & (Self.chunkSize - 1)
        let word = chunk[i].load(ordering: .acquiring)
        return (word, Double(bitPattern: chunk[Self.chunkSize + i].load(ordering: .relaxed)))
    }

    /// The packed word of `key` alone (0: no such appearance): one load fewer than `read` for a filter without
    /// price bounds, which is nearly every filter; the price half of the chunk is a cache miss of its own.
    @inline(__always) func word(_ key: Int64) -> UInt64 {
        guard key >= 0, key < Int64(Self.maxChunks) << Int64(Self.chunkBits) else {
            return overflow.withLock { $0[key]?.word ?? 0 }
        }
        let raw = chunks[Int(key) >> Self.chunkBits].load(ordering: .acquiring)
        guard raw != 0 else { return 0 }
        let chunk = UnsafeMutablePointer<Atomic<UInt64>>(bitPattern: raw)!
        return chunk[Int(key) & (Self.chunkSize - 1)].load(ordering: .acquiring)
    }

    /// Stores (word != 0) or clears (word == 0) `key`'s fields. One writer at a time.
    func write(_ key: Int64, word: UInt64, price: Double?) {
        let priceBits = (price ?? .nan).bitPattern
        guard key >= 0, key < Int64(Self.maxChunks) << Int64(Self.chunkBits) else {
            overflow.withLock { if word == 0 { $0[key] = nil } else { $0[key] = (word, priceBits) } }
            return
        }
        let c = Int(key) >> Self.chunkBits
        var raw = chunks[c].load(ordering: .acquiring)
        if raw == 0 {
            guard word != 0 else { return }
            let chunk = UnsafeMutablePointer<Atomic<UInt64>>.allocate(capacity: 2 * Self.chunkSize)
            for i in 0..<(2 * Self.chunkSize) { (chunk + i).initialize(to: Atomic(0)) }
            raw = Int(bitPattern: chunk)
            chunks[c].store(raw, ordering: .releasing)
        }
        let chunk = UnsafeMutablePointer<Atomic<UInt64>>(bitPattern: raw)!
        let i = Int(key) & (Self.chunkSize - 1)
        chunk[Self.chunkSize + i].store(priceBits, ordering: .relaxed)
        chunk[i].store(word, ordering: .releasing)
    }
}
