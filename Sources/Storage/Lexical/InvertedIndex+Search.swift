#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Retrieval

/// Which documents a filtered search accepts, over the index's per-document columns: an array lookup per clause.
struct LexicalFilterCheck {
    /// Domain bits allowed (all bits: any domain).
    var domains: UInt8 = 0xFF
    /// Brand and category ids required (nil: any).
    var brand: UInt32?
    var category: UInt32?
    var priceMin: Double?
    var priceMax: Double?

    static func domainBit(_ domain: Domain) -> UInt8 {
        switch domain {
        case .page: 1
        case .video: 2
        case .live: 4
        }
    }

    static func domainBit(rawValue: String) -> UInt8 { Domain(rawValue: rawValue).map(domainBit) ?? 0 }

    /// The check for `filter` in `index`, or nil when it can match nothing (a brand or category no document has,
    /// an empty domain set): such a search costs a dictionary lookup, not a scan.
    init?(_ filter: SearchFilter, in index: InvertedIndex) {
        if let domains = filter.domains {
            self.domains = domains.reduce(0) { $0 | Self.domainBit($1) }
            if self.domains == 0 { return nil }
        }
        if let b = filter.brand {
            guard let id = index.brandID(FilterMatcher.key(b)) else { return nil }
            brand = id
        }
        if let c = filter.category {
            guard let id = index.categoryID(FilterMatcher.key(c)) else { return nil }
            category = id
        }
        priceMin = filter.priceMin
        priceMax = filter.priceMax
        if let lo = priceMin, let hi = priceMax, lo > hi { return nil }
    }

    var isEmpty: Bool { domains == 0xFF && brand == nil && category == nil && priceMin == nil && priceMax == nil }

    @inline(__always)
    func accepts(_ d: Int, _ index: InvertedIndex) -> Bool {
        if index.domain[d] & domains == 0 { return false }
        if let brand, index.brand[d] != brand { return false }
        if let category, index.category[d] != category { return false }
        // NaN (no price) fails both comparisons, as NULL does in SQL.
        if let priceMin, !(index.price[d] >= priceMin) { return false }
        if let priceMax, !(index.price[d] <= priceMax) { return false }
        return true
    }
}

/// A query term as BM25 scores it: its postings and `weight` (repeats in the query) times its IDF.
struct WeightedTerm {
    var postings: TermPostings
    var weight: Double
}

extension InvertedIndex {
    static let k1 = 1.2, b = 0.75

    /// FTS5's IDF (`bm25()` and `ampere_bm25`): ln((N - n + 0.5) / (n + 0.5)), floored at 1e-6.
    func idf(documentFrequency n: Int) -> Double {
        let idf = log((Double(documentCount) - Double(n) + 0.5) / (Double(n) + 0.5))
        return idf <= 0 ? 1e-6 : idf
    }

    /// The `k` best documents by BM25 over `terms` among those `filter` accepts, best first (ties: lower key
    /// first), with the scores `ampere_bm25` gives. MaxScore (Turtle & Flood 1995): terms are ordered by their
    /// score bound; those whose bounds together cannot lift a document past the current k-th score are only probed
    /// (galloping) for documents the others found, and a probe stops as soon as the rest cannot reach it. The
    /// result is the exhaustive top k; `exhaustive` turns the pruning off (the reference the tests compare with).
    func topK(_ terms: [WeightedTerm], columns: LexicalWeights, k: Int, filter: LexicalFilterCheck,
              exhaustive: Bool = false) -> [(key: Int64, score: Double)] {
        guard k > 0, !terms.isEmpty, documentCount > 0 else { return [] }
        let k1 = Self.k1, b = Self.b
        let avgdl = totalTokens > 0 ? Double(totalTokens) / Double(documentCount) : 1
        let wt = columns.title, wb = columns.brand, wy = columns.body
        let boundable = wt >= 0 && wb >= 0 && wy >= 0 && !exhaustive
        // Terms by ascending bound; bounds[i] = the most term i can add to any document.
        let sorted: [(term: WeightedTerm, bound: Double)] = terms.map { t in
            let p = t.postings
            let f = wt * Double(p.maxTitle) + wb * Double(p.maxBrand) + wy * Double(p.maxBody)
            let dl = p.minLength == Self.absent ? 0 : Double(p.minLength)
            let tf = f * (k1 + 1) / (f + k1 * (1 - b + b * dl / avgdl))
            return (t, boundable ? t.weight * tf : .infinity)
        }.sorted { $0.bound < $1.bound }
        let m = sorted.count
        var prefix = [Double](repeating: 0, count: m + 1)
        for i in 0..<m { prefix[i + 1] = prefix[i] + sorted[i].bound }
        let docs = sorted.map { $0.term.postings.docs.base }
        let counts = sorted.map { $0.term.postings.counts.base }
        let sizes = sorted.map { $0.term.postings.docs.count }
        let weights = sorted.map(\.term.weight)
        var pos = [Int](repeating: 0, count: m)
        var heap = TopKHeap(k: k)
        var threshold = -Double.infinity
        var essential = 0  // terms [essential, m) drive the candidates
        let lengths = length.base
        let accept = filter.isEmpty ? nil : filter
        // A sum of bounds is compared with a little slack, so rounding never prunes a document that ties.
        let slack = 1 + 1e-9

        @inline(__always) func contribution(_ i: Int, _ p: Int, _ norm: Double) -> Double {
            let c = counts[i][p]
            let f = wt * Double(c >> 24) + wb * Double((c >> 16) & 0xFF) + wy * Double(c & 0xFFFF)
            return weights[i] * (f * (k1 + 1) / (f + norm))
        }

        while true {
            var d = UInt32.max
            for i in essential..<m where pos[i] < sizes[i] { d = min(d, docs[i][pos[i]]) }
            if d == .max { break }
            let len = lengths[Int(d)]
            let wanted = len != Self.absent && (accept?.accepts(Int(d), self) ?? true)
            let norm = k1 * (1 - b + b * Double(len) / avgdl)
            var score = 0.0
            for i in essential..<m where pos[i] < sizes[i] && docs[i][pos[i]] == d {
                if wanted { score += contribution(i, pos[i], norm) }
                pos[i] += 1
            }
            guard wanted else { continue }
            var j = essential - 1
            while j >= 0 {
                if score + prefix[j + 1] * slack <= threshold { break }
                let p = Self.gallop(docs[j], sizes[j], from: pos[j], to: d)
                pos[j] = p
                if p < sizes[j], docs[j][p] == d { score += contribution(j, p, norm) }
                j -= 1
            }
            if j >= 0 { continue }  // cannot enter the top k
            if heap.offer(score: score, key: d) {
                threshold = heap.threshold
                while essential < m, prefix[essential + 1] * slack <= threshold { essential += 1 }
            }
        }
        return heap.sortedBestFirst()
    }

    /// The first position at or after `from` whose key is at least `target` (doubling steps, then bisection).
    @inline(__always)
    static func gallop(_ docs: UnsafeMutablePointer<UInt32>, _ n: Int, from: Int, to target: UInt32) -> Int {
        if from >= n || docs[from] >= target { return from }
        var lo = from, step = 1, hi = from + 1
        while hi < n, docs[hi] < target {
            lo = hi
            step <<= 1
            hi = lo + step
        }
        var l = lo + 1, h = min(hi, n)
        while l < h {
            let mid = (l + h) >> 1
            if docs[mid] < target { l = mid + 1 } else { h = mid }
        }
        return l
    }
}

/// The best `k` (score, key) pairs seen: a binary min-heap whose root is the worst kept (lowest score; among equal
/// scores the highest key, so that ties resolve to lower keys as documents arrive in key order).
struct TopKHeap {
    let k: Int
    private var items: [(score: Double, key: UInt32)] = []

    init(k: Int) {
        self.k = k
        items.reserveCapacity(min(k, 4096))
    }

    /// The score a document must beat once the heap is full (-infinity before).
    var threshold: Double { items.count < k ? -.infinity : items[0].score }

    @inline(__always) private static func worse(_ a: (score: Double, key: UInt32), _ b: (score: Double, key: UInt32)) -> Bool {
        a.score < b.score || (a.score == b.score && a.key > b.key)
    }

    /// Keeps (score, key) if it is among the best k so far; returns whether the threshold may have changed.
    mutating func offer(score: Double, key: UInt32) -> Bool {
        let item = (score: score, key: key)
        if items.count < k {
            items.append(item)
            var i = items.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard Self.worse(items[i], items[parent]) else { break }
                items.swapAt(i, parent)
                i = parent
            }
            return items.count == k
        }
        guard Self.worse(items[0], item) else { return false }
        items[0] = item
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var w = i
            if l < items.count, Self.worse(items[l], items[w]) { w = l }
            if r < items.count, Self.worse(items[r], items[w]) { w = r }
            if w == i { break }
            items.swapAt(i, w)
            i = w
        }
        return true
    }

    func sortedBestFirst() -> [(key: Int64, score: Double)] {
        items.sorted { Self.worse($1, $0) }.map { (key: Int64($0.key), score: $0.score) }
    }
}
