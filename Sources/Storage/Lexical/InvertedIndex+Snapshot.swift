import HNSW
import Retrieval

/// The in-memory lexical index as a file (`LexicalSnapshot`), so a restart maps it back instead of analysing every
/// FTS row again (at 1.15M appearances the full load took 16-25 s of one core, the longest part of start-up).
///
/// Layout, little-endian, no padding: the header (magic, format, the analyser's fingerprint, the counters and the
/// sizes), the per-key columns as raw arrays (length, forward start, forward count, domain, brand, category,
/// price), the forward list, then per term its text, bounds and postings (keys, then packed field counts), then
/// the brand and category tables, and last a `Checksum64` of every byte before it.
extension InvertedIndex {
    static let snapshotMagic: UInt64 = 0x3158_454C_504D_41  // "AMPLEX1" little-endian
    static let snapshotFormat: UInt32 = 1

    /// What decides which terms get postings, as a number: a snapshot made by a build that decided otherwise is
    /// refused (its postings would not be what `add` makes). `isContentTerm` over a fixed probe list, hashed.
    static let analyserFingerprint: UInt64 = {
        let probes = ["a", "an", "the", "of", "x", "xl", "4k", "42", "usb", "c", "and", "for", "with", "kg", "mm",
                      "pro", "is", "it", "to", "de", "la", "über", "café", "手机", "a1", "1a", "-", "''", "s", "tv"]
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for (i, p) in probes.enumerated() where LexicalQuery.isContentTerm(p) {
            h = (h ^ UInt64(i + 1)) &* 0x100_0000_01B3
        }
        return h ^ UInt64(probes.count)
    }()

    /// Writes the whole index to `sink` in chunks (the big columns straight from their memory); returns the bytes
    /// written and their checksum, which is also the file's last 8 bytes.
    func encode(applied: Int64, to sink: (UnsafeRawBufferPointer) throws -> Void) throws -> (bytes: Int, checksum: UInt64) {
        try withoutActuallyEscaping(sink) { sink in try encode(applied: applied, into: SnapshotSink(sink)) }
    }

    private func encode(applied: Int64, into out: consuming SnapshotSink) throws -> (bytes: Int, checksum: UInt64) {
        var out = out
        out.put(Self.snapshotMagic)
        out.put(UInt64(Self.snapshotFormat))
        out.put(Self.analyserFingerprint)
        out.put(UInt64(bitPattern: applied))
        for n in [documentCount, totalTokens, postingCount, forwardGarbage, length.count, forward.count, lists.count,
                  brandIDs.count, categoryIDs.count] {
            out.put(UInt64(n))
        }
        try out.raw(length); try out.raw(forwardStart); try out.raw(forwardCount); try out.raw(domain)
        try out.raw(brand); try out.raw(category); try out.raw(price); try out.raw(forward)
        var terms = [String](repeating: "", count: lists.count)
        for (term, id) in vocabulary { terms[Int(id)] = term }
        for (id, list) in lists.enumerated() {
            out.put(terms[id])
            out.put(UInt64(list.live)); out.put(UInt64(list.dead))
            out.put(list.maxTitle); out.put(list.maxBrand); out.put(list.maxBody); out.put(list.minLength)
            out.put(UInt64(list.docs.count))
            try out.raw(list.docs); try out.raw(list.counts)
            try out.flushIfFull()
        }
        for table in [brandIDs, categoryIDs] {
            for (key, id) in table.sorted(by: { $0.value < $1.value }) { out.put(key); out.put(id) }
        }
        return try out.finish()
    }

    /// The index in `bytes` (a whole snapshot file) and the log sequence it reflects; throws `LexicalSnapshotError`
    /// for a file that is truncated, damaged, of another format or made by an analyser that decides terms otherwise.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> (index: InvertedIndex, applied: Int64) {
        guard bytes.count >= 8 * 13 + 8 else { throw LexicalSnapshotError("truncated (\(bytes.count) bytes)") }
        let body = UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - 8)])
        let stored = bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
        guard Checksum64.of(body) == stored else { throw LexicalSnapshotError("checksum mismatch") }
        var r = SnapshotReader(body)
        guard try r.u64() == snapshotMagic else { throw LexicalSnapshotError("not a lexical snapshot") }
        guard try r.u64() == UInt64(snapshotFormat) else { throw LexicalSnapshotError("another format") }
        guard try r.u64() == analyserFingerprint else { throw LexicalSnapshotError("made by an analyser that picks other terms") }
        let applied = Int64(bitPattern: try r.u64())
        let index = InvertedIndex()
        index.documentCount = try r.int(); index.totalTokens = try r.int()
        index.postingCount = try r.int(); index.forwardGarbage = try r.int()
        let keys = try r.int(), forwardCount = try r.int(), termCount = try r.int()
        let brands = try r.int(), categories = try r.int()
        try r.raw(into: index.length, keys); try r.raw(into: index.forwardStart, keys)
        try r.raw(into: index.forwardCount, keys); try r.raw(into: index.domain, keys)
        try r.raw(into: index.brand, keys); try r.raw(into: index.category, keys)
        try r.raw(into: index.price, keys); try r.raw(into: index.forward, forwardCount)
        index.lists.reserveCapacity(termCount)
        index.vocabulary.reserveCapacity(termCount)
        for id in 0..<termCount {
            let term = try r.string()
            let list = TermPostings()
            list.live = try r.int(); list.dead = try r.int()
            list.maxTitle = try r.u32(); list.maxBrand = try r.u32(); list.maxBody = try r.u32(); list.minLength = try r.u32()
            let n = try r.int()
            try r.raw(into: list.docs, n); try r.raw(into: list.counts, n)
            guard index.vocabulary.updateValue(Int32(id), forKey: term) == nil else {
                throw LexicalSnapshotError("term \(term) twice")
            }
            index.lists.append(list)
        }
        for _ in 0..<brands { index.brandIDs[try r.string()] = try r.u32() }
        for _ in 0..<categories { index.categoryIDs[try r.string()] = try r.u32() }
        guard r.atEnd else { throw LexicalSnapshotError("\(r.remaining) bytes past the end") }
        // Cross-checks a checksum cannot make (a file written by a faulty build): every forward entry names a term,
        // every key's forward list lies inside it, every posting names a key.
        for i in 0..<index.forward.count where index.forward[i] < 0 || Int(index.forward[i]) >= termCount {
            throw LexicalSnapshotError("forward entry \(i) names no term")
        }
        for slot in 0..<keys where Int(index.forwardStart[slot]) + Int(index.forwardCount[slot]) > index.forward.count {
            throw LexicalSnapshotError("key \(slot)'s forward list runs past the end")
        }
        for list in index.lists {
            for i in 0..<list.docs.count where Int(list.docs[i]) >= keys {
                throw LexicalSnapshotError("a posting names key \(list.docs[i]) of \(keys)")
            }
        }
        index.scratch = [Int32](repeating: 0, count: termCount)
        return (index, applied)
    }
}

/// A snapshot file that cannot be used; the index is then loaded from the FTS table.
struct LexicalSnapshotError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Small fields gathered in a buffer, big columns passed straight through; a running checksum over all of it.
private struct SnapshotSink {
    let sink: (UnsafeRawBufferPointer) throws -> Void
    var buffer: [UInt8] = []
    var checksum = Checksum64.Stream()
    var written = 0

    init(_ sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(1 << 20)
    }

    mutating func put<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }

    mutating func put(_ text: String) {
        let utf8 = Array(text.utf8)
        put(UInt32(utf8.count))
        buffer.append(contentsOf: utf8)
    }

    mutating func emit(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        checksum.update(bytes)
        written += bytes.count
        try sink(bytes)
    }

    mutating func flush() throws {
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        try pending.withUnsafeBytes { try emit($0) }
    }

    mutating func flushIfFull() throws { if buffer.count >= 1 << 20 { try flush() } }

    mutating func raw<T>(_ column: LexicalColumn<T>) throws {
        let bytes = UnsafeRawBufferPointer(start: column.base, count: column.count * MemoryLayout<T>.stride)
        if bytes.count < 4096 { buffer.append(contentsOf: bytes); return }
        try flush()
        try emit(bytes)
    }

    mutating func finish() throws -> (bytes: Int, checksum: UInt64) {
        try flush()
        let sum = checksum.finish()
        try withUnsafeBytes(of: sum.littleEndian) { try sink($0) }
        return (written + 8, sum)
    }
}

/// Bounds-checked reads from a mapped snapshot.
private struct SnapshotReader {
    let bytes: UnsafeRawBufferPointer
    var at = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { at == bytes.count }
    var remaining: Int { bytes.count - at }

    mutating func take(_ n: Int) throws -> UnsafeRawPointer {
        guard n >= 0, n <= bytes.count - at else { throw LexicalSnapshotError("truncated at byte \(at)") }
        defer { at += n }
        return bytes.baseAddress! + at
    }

    mutating func u64() throws -> UInt64 { UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self)) }
    mutating func u32() throws -> UInt32 { UInt32(littleEndian: try take(4).loadUnaligned(as: UInt32.self)) }

    /// A count or counter: refuses values no real index reaches (a damaged size would allocate without bound).
    mutating func int() throws -> Int {
        let v = try u64()
        guard v <= UInt64(1) << 40 else { throw LexicalSnapshotError("implausible size \(v) at byte \(at - 8)") }
        return Int(v)
    }

    mutating func string() throws -> String {
        let n = Int(try u32())
        return String(decoding: UnsafeRawBufferPointer(start: try take(n), count: n), as: UTF8.self)
    }

    mutating func raw<T>(into column: LexicalColumn<T>, _ n: Int) throws {
        guard n <= remaining / MemoryLayout<T>.stride else { throw LexicalSnapshotError("truncated at byte \(at)") }
        column.append(raw: try take(n * MemoryLayout<T>.stride), count: n)
    }
}
