import Retrieval

/// The postings of one term in appearance-key order: per posting the key and the term's count in each field
/// (title in bits 24-31, brand in 16-23, body in 0-15, saturating), plus bounds over the list that only ever
/// loosen between compactions (highest count per field, shortest document), which is what MaxScore needs.
final class TermPostings: @unchecked Sendable {
    let docs = LexicalColumn<UInt32>()
    let counts = LexicalColumn<UInt32>()
    /// Postings of live documents: the term's document frequency.
    var live = 0
    /// Postings of deleted documents not yet compacted away.
    var dead = 0
    var maxTitle: UInt32 = 0, maxBrand: UInt32 = 0, maxBody: UInt32 = 0
    var minLength: UInt32 = .max

    static func pack(title: UInt32, brand: UInt32, body: UInt32) -> UInt32 {
        min(title, 255) << 24 | min(brand, 255) << 16 | min(body, 65535)
    }

    /// First position whose key is at least `key`.
    func lowerBound(_ key: UInt32) -> Int {
        var lo = 0, hi = docs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if docs[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// One appearance's FTS row as the index takes it: the stored field texts (`LexicalAnalyzer.indexText`, terms
/// joined by spaces) and the filter fields.
struct LexicalDocument {
    var title: String
    var brand: String
    var body: String
    /// Bit of the domain (`LexicalFilterCheck.domainBit`).
    var domainBit: UInt8
    var brandKey: String?
    var categoryKey: String?
    var price: Double?
}

/// An in-memory inverted index over the FTS rows with what BM25 needs to score exactly as `ampere_bm25` does: per
/// posting the field counts, per document its token count (every token FTS5 counts, stop words included), the
/// live document count and token total (`avgdl`), and per term its live document frequency (the IDF's `hits`).
/// Terms a `LexicalQuery` never holds (stop words, one-letter Latin terms) get no postings, only length.
///
/// Documents are addressed by appearance key (below 2^32). Deletes leave tombstones (the document's length is
/// `absent`), compacted per list once they are a quarter of it; a key indexed again replaces its postings in place.
/// Not thread-safe: `MemoryLexicalIndex` holds its lock around every use.
final class InvertedIndex: @unchecked Sendable {
    static let absent = UInt32.max
    // The counters and tables below are written by `add`, `remove`, the compactions and the snapshot decoder
    // (`InvertedIndex+Snapshot.swift`) only.
    var vocabulary: [String: Int32] = [:]
    var lists: [TermPostings] = []
    /// Per key: token count (`absent`: no such document), then where its term ids start in `forward` and how many.
    let length = LexicalColumn<UInt32>()
    let forwardStart = LexicalColumn<UInt32>()
    let forwardCount = LexicalColumn<UInt32>()
    let forward = LexicalColumn<Int32>()
    var forwardGarbage = 0
    /// Per key filter fields: domain bit, brand and category ids (0: none), price (NaN: none).
    let domain = LexicalColumn<UInt8>()
    let brand = LexicalColumn<UInt32>()
    let category = LexicalColumn<UInt32>()
    let price = LexicalColumn<Double>()
    var brandIDs: [String: UInt32] = [:]
    var categoryIDs: [String: UInt32] = [:]
    /// Live documents and their total tokens.
    var documentCount = 0
    var totalTokens = 0
    /// Postings stored, dead ones included.
    var postingCount = 0

    /// Whether a key can be held (keys are 32-bit inside the index).
    static func fits(_ key: Int64) -> Bool { key >= 0 && key < Int64(absent) }

    func contains(_ key: UInt32) -> Bool { Int(key) < length.count && length[Int(key)] != Self.absent }

    /// The live document frequency of `term` (0 when no document holds it).
    func documentFrequency(_ term: String) -> Int {
        guard let id = vocabulary[term] else { return 0 }
        return lists[Int(id)].live
    }

    func postings(_ term: String) -> TermPostings? { vocabulary[term].map { lists[Int($0)] } }

    func brandID(_ key: String) -> UInt32? { brandIDs[key] }
    func categoryID(_ key: String) -> UInt32? { categoryIDs[key] }

    /// Position + 1 of each term id in the document `add` is counting (0: not in it); reset after each document.
    var scratch: [Int32] = []

    /// Indexes (or re-indexes) document `key`. The FTS text is already analysed (terms joined by spaces), so the
    /// terms are the runs of bytes between spaces; each is hashed once (the vocabulary lookup: a known term is a
    /// content term) and counted per field in a scratch array indexed by term id.
    func add(_ key: UInt32, _ doc: LexicalDocument) {
        if contains(key) { remove(key, reindexing: true) }
        var tokens: UInt32 = 0
        var terms: [Int32] = []
        var fields: [(title: UInt32, brand: UInt32, body: UInt32)] = []
        func count(_ text: String, _ field: Int) {
            var text = text
            text.withUTF8 { bytes in
                var start = 0
                let n = bytes.count
                while start < n {
                    if bytes[start] == 0x20 { start += 1; continue }
                    var end = start + 1
                    while end < n && bytes[end] != 0x20 { end += 1 }
                    defer { start = end + 1 }
                    tokens &+= 1
                    let term = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                    let id: Int32
                    if let known = vocabulary[term] {
                        id = known
                    } else {
                        guard LexicalQuery.isContentTerm(term) else { continue }
                        id = Int32(lists.count)
                        vocabulary[term] = id
                        lists.append(TermPostings())
                        scratch.append(0)
                    }
                    var at = Int(scratch[Int(id)]) - 1
                    if at < 0 {
                        at = terms.count
                        terms.append(id)
                        fields.append((0, 0, 0))
                        scratch[Int(id)] = Int32(terms.count)
                    }
                    switch field {
                    case 0: fields[at].title += 1
                    case 1: fields[at].brand += 1
                    default: fields[at].body += 1
                    }
                }
            }
        }
        count(doc.title, 0)
        count(doc.brand, 1)
        count(doc.body, 2)
        for id in terms { scratch[Int(id)] = 0 }
        let slot = Int(key)
        if slot >= length.count {
            let n = slot + 1
            length.extend(to: n, fill: Self.absent)
            forwardStart.extend(to: n, fill: 0)
            forwardCount.extend(to: n, fill: 0)
            domain.extend(to: n, fill: 0)
            brand.extend(to: n, fill: 0)
            category.extend(to: n, fill: 0)
            price.extend(to: n, fill: .nan)
        }
        length[slot] = tokens
        forwardStart[slot] = UInt32(forward.count)
        forwardCount[slot] = UInt32(terms.count)
        for (id, c) in zip(terms, fields) {
            forward.append(id)
            let list = lists[Int(id)]
            let packed = TermPostings.pack(title: c.title, brand: c.brand, body: c.body)
            if list.docs.count == 0 || list.docs[list.docs.count - 1] < key {
                list.docs.append(key)
                list.counts.append(packed)
                postingCount += 1
            } else {
                let at = list.lowerBound(key)
                if at < list.docs.count, list.docs[at] == key {
                    list.counts[at] = packed  // a tombstone of this key, live again
                    list.dead -= 1
                } else {
                    list.docs.insert(key, at: at)
                    list.counts.insert(packed, at: at)
                    postingCount += 1
                }
            }
            list.live += 1
            list.maxTitle = max(list.maxTitle, min(c.title, 255))
            list.maxBrand = max(list.maxBrand, min(c.brand, 255))
            list.maxBody = max(list.maxBody, min(c.body, 65535))
            list.minLength = min(list.minLength, tokens)
        }
        domain[slot] = doc.domainBit
        brand[slot] = doc.brandKey.map { Self.intern($0, in: &brandIDs) } ?? 0
        category[slot] = doc.categoryKey.map { Self.intern($0, in: &categoryIDs) } ?? 0
        price[slot] = doc.price ?? .nan
        documentCount += 1
        totalTokens += Int(tokens)
    }

    /// Removes document `key` (nothing when absent). `reindexing`: its postings go now, since the key comes back.
    func remove(_ key: UInt32, reindexing: Bool = false) {
        guard contains(key) else { return }
        let slot = Int(key)
        documentCount -= 1
        totalTokens -= Int(length[slot])
        length[slot] = Self.absent
        let start = Int(forwardStart[slot]), n = Int(forwardCount[slot])
        for i in start..<(start + n) {
            let list = lists[Int(forward[i])]
            list.live -= 1
            if reindexing {
                let at = list.lowerBound(key)
                if at < list.docs.count, list.docs[at] == key {
                    list.docs.remove(at: at)
                    list.counts.remove(at: at)
                    postingCount -= 1
                }
            } else {
                list.dead += 1
                if list.dead > 16, list.dead * 4 > list.live { compact(list) }
            }
        }
        forwardCount[slot] = 0
        forwardGarbage += n
        if forwardGarbage > 1 << 16, forwardGarbage * 2 > forward.count { compactForward() }
    }

    /// Drops a list's tombstones and tightens its bounds.
    private func compact(_ list: TermPostings) {
        let before = list.docs.count
        var maxTitle: UInt32 = 0, maxBrand: UInt32 = 0, maxBody: UInt32 = 0, minLength = UInt32.max
        var out = 0
        for i in 0..<before {
            let d = list.docs[i]
            let len = length[Int(d)]
            guard len != Self.absent else { continue }
            let c = list.counts[i]
            list.docs[out] = d
            list.counts[out] = c
            out += 1
            maxTitle = max(maxTitle, c >> 24)
            maxBrand = max(maxBrand, (c >> 16) & 0xFF)
            maxBody = max(maxBody, c & 0xFFFF)
            minLength = min(minLength, len)
        }
        list.docs.keep { $0 < out }
        list.counts.keep { $0 < out }
        list.docs.shrink()
        list.counts.shrink()
        list.dead = 0
        (list.maxTitle, list.maxBrand, list.maxBody, list.minLength) = (maxTitle, maxBrand, maxBody, minLength)
        postingCount -= before - out
    }

    /// Rewrites the forward lists without the deleted documents' entries.
    private func compactForward() {
        let fresh = LexicalColumn<Int32>(capacity: forward.count - forwardGarbage + 16)
        for slot in 0..<length.count where length[slot] != Self.absent {
            let start = Int(forwardStart[slot]), n = Int(forwardCount[slot])
            forwardStart[slot] = UInt32(fresh.count)
            for i in start..<(start + n) { fresh.append(forward[i]) }
        }
        forward.removeAll()
        forward.reserve(fresh.count)
        for i in 0..<fresh.count { forward.append(fresh[i]) }
        forward.shrink()
        forwardGarbage = 0
    }

    private static func intern(_ key: String, in table: inout [String: UInt32]) -> UInt32 {
        if let id = table[key] { return id }
        let id = UInt32(table.count + 1)
        table[key] = id
        return id
    }

    /// Bytes held by the postings, the per-document columns and (estimated: ~64 bytes an entry) the dictionaries.
    var bytes: Int {
        var total = length.bytes + forwardStart.bytes + forwardCount.bytes + forward.bytes + domain.bytes
            + brand.bytes + category.bytes + price.bytes
        for list in lists { total += list.docs.bytes + list.counts.bytes + 96 }
        return total + 64 * (vocabulary.count + brandIDs.count + categoryIDs.count)
    }
}
