import Synchronization

/// In-memory map from appearance key to its product and filter metadata, shared by the search channels.
///
/// Two representations, written together after each commit (in commit order, under one mutex): the entries
/// (product id, metadata, title codes) for grouping and re-weighing a query's few dozen hits, and `FilterColumns`,
/// flat per-key columns of the filter fields with brand and category pre-folded to ids, which the ANN search reads
/// for every node it visits under a filter without a lock or an allocation (`compile(_:)`).
public final class AppearanceDirectory: Sendable {
    /// One entry: the product id and the appearance's metadata.
    public struct Entry: Sendable, Equatable {
        /// Product id.
        public var productID: String
        /// Metadata.
        public var meta: AppearanceMeta
        /// The title's codes (`CodeAgreement.codes(meta.title)`), computed once when the entry is stored so that
        /// re-weighing a query's candidates analyses no title.
        public var titleCodes: Set<String>

        init(_ record: StoredAppearanceRecord) {
            productID = record.productID
            meta = record.meta
            titleCodes = CodeAgreement.codes(record.meta.title)
        }
    }

    /// An entry with its folded brand and category keys (computed outside the lock).
    struct Prepared {
        var key: Int64
        var entry: Entry
        var brandKey: String?
        var categoryKey: String?

        init(_ record: StoredAppearanceRecord) {
            key = record.key
            entry = Entry(record)
            brandKey = FilterMatcher.key(record.meta.brand)
            categoryKey = FilterMatcher.key(record.meta.category)
        }
    }

    private struct State {
        var entries: [Int64: Entry] = [:]
        /// Every product has exactly one page appearance, so counting those counts products.
        var products = 0
        /// Folded brand and category keys → their ids in the columns (from 1; never reused).
        var brandIDs: [String: UInt32] = [:]
        var categoryIDs: [String: UInt32] = [:]
        /// Brand and category id → the keys of their appearances: a filter on a brand or category hands the ANN
        /// search these keys, so its exact scan looks up 1,150 keys for a 0.1% brand instead of passing 1.15M slots.
        var brandKeys: [UInt32: Set<Int64>] = [:]
        var categoryKeys: [UInt32: Set<Int64>] = [:]
        /// Product id → the key of its page appearance (what recommendations take as the product's vector).
        var pages: [String: Int64] = [:]
        /// Counts applied writes (the learned space re-syncs its projections when it moves).
        var generation: UInt64 = 0

        mutating func remove(_ key: Int64, columns: FilterColumns) {
            if let old = entries.removeValue(forKey: key) {
                if old.meta.domain == .page {
                    products -= 1
                    if pages[old.productID] == key { pages.removeValue(forKey: old.productID) }
                }
                let word = columns.read(key).word
                Self.drop(key, FilterColumns.brand(word), from: &brandKeys)
                Self.drop(key, FilterColumns.category(word), from: &categoryKeys)
                columns.write(key, word: 0, price: nil)
            }
        }

        mutating func insert(_ p: Prepared, columns: FilterColumns) {
            remove(p.key, columns: columns)
            entries[p.key] = p.entry
            if p.entry.meta.domain == .page {
                products += 1
                pages[p.entry.productID] = p.key
            }
            let brand = Self.id(p.brandKey, in: &brandIDs), category = Self.id(p.categoryKey, in: &categoryIDs)
            if brand != 0 { brandKeys[brand, default: []].insert(p.key) }
            if category != 0 { categoryKeys[category, default: []].insert(p.key) }
            let word = FilterColumns.pack(domain: p.entry.meta.domain, brand: brand, category: category)
            columns.write(p.key, word: word, price: p.entry.meta.price)
        }

        static func drop(_ key: Int64, _ id: UInt32, from lists: inout [UInt32: Set<Int64>]) {
            guard id != 0 else { return }
            lists[id]?.remove(key)
            if lists[id]?.isEmpty == true { lists.removeValue(forKey: id) }
        }

        static func id(_ key: String?, in ids: inout [String: UInt32]) -> UInt32 {
            guard let key else { return 0 }
            if let id = ids[key] { return id }
            let id = UInt32(ids.count + 1)
            ids[key] = id
            return id
        }
    }

    private let state = Mutex(State())
    private let columns = FilterColumns()

    /// An empty directory.
    public init() {}

    /// Number of appearances known.
    public var count: Int { state.withLock { $0.entries.count } }

    /// Number of products known (cheap: kept as writes apply).
    public var productCount: Int { state.withLock { $0.products } }

    /// The entry for `key`, if the appearance exists.
    public func entry(_ key: Int64) -> Entry? { state.withLock { $0.entries[key] } }

    /// The page appearance of product `id` (its key and entry), if the product is stored.
    public func page(of id: String) -> (key: Int64, entry: Entry)? {
        state.withLock { s in s.pages[id].flatMap { key in s.entries[key].map { (key, $0) } } }
    }

    /// Moves on every applied write or insert.
    public var generation: UInt64 { state.withLock { $0.generation } }

    /// The keys of every product's page appearance (one per product).
    public func pageKeys() -> [Int64] { state.withLock { Array($0.pages.values) } }

    /// Applies one committed write.
    public func apply(_ write: CatalogWrite) {
        let added = write.added.map(Prepared.init)  // analysed and folded outside the lock
        state.withLock { s in
            for key in write.removedKeys { s.remove(key, columns: columns) }
            for p in added { s.insert(p, columns: columns) }
            s.generation &+= 1
        }
    }

    /// Adds one stored appearance (start-up loading).
    public func insert(_ record: StoredAppearanceRecord) {
        let p = Prepared(record)
        state.withLock {
            $0.insert(p, columns: columns)
            $0.generation &+= 1
        }
    }

    /// `filter` compiled against the columns (brand and category looked up once, here); nil when the filter is
    /// empty. A brand or category no appearance has compiles to a filter that `matchesNothing`.
    public func compile(_ filter: SearchFilter) -> KeyFilter? {
        guard !filter.isEmpty else { return nil }
        let brand = FilterMatcher.key(filter.brand), category = FilterMatcher.key(filter.category)
        // The smaller of the brand's and the category's key lists (a reference: copy-on-write, so a later write
        // to that brand copies it instead of changing what this request scans).
        let (brandID, categoryID, candidates) = state.withLock { s -> (UInt32?, UInt32?, Set<Int64>?) in
            let b = brand.map { s.brandIDs[$0] ?? 0 }, c = category.map { s.categoryIDs[$0] ?? 0 }
            let lists = [b.map { s.brandKeys[$0] ?? [] }, c.map { s.categoryKeys[$0] ?? [] }].compactMap { $0 }
            return (b, c, lists.min { $0.count < $1.count })
        }
        return KeyFilter(filter, brand: brandID, category: categoryID, columns: columns, candidates: candidates)
    }

    /// A predicate accepting the keys whose appearance passes `filter`; nil when the filter is empty.
    public func predicate(for filter: SearchFilter) -> (@Sendable (Int64) -> Bool)? {
        guard let compiled = compile(filter) else { return nil }
        return { key in compiled.matches(key) }
    }
}

/// A filter compiled for one request: a domain bit mask, brand and category ids, price bounds, and the columns
/// they are checked against. `matches` costs two atomic loads and a few compares.
public struct KeyFilter: Sendable {
    let domainMask: UInt64
    /// Required ids (nil: any; 0: a value no appearance has).
    let brand: UInt32?
    let category: UInt32?
    let priceMin: Double?
    let priceMax: Double?
    let columns: FilterColumns
    /// Every key the filter can match (its brand's or category's appearances, the smaller list); nil when the
    /// filter names neither.
    public let candidates: Set<Int64>?

    init(_ filter: SearchFilter, brand: UInt32?, category: UInt32?, columns: FilterColumns,
         candidates: Set<Int64>? = nil) {
        self.candidates = candidates
        var mask: UInt64 = 0
        for domain in filter.domains ?? Set(Domain.allCases) {
            mask |= FilterColumns.domainBit(FilterColumns.pack(domain: domain, brand: 0, category: 0))
        }
        domainMask = mask
        self.brand = brand
        self.category = category
        priceMin = filter.priceMin
        priceMax = filter.priceMax
        self.columns = columns
    }

    /// Whether a packed word passes the domain, brand and category parts of the filter.
    @inline(__always) func matches(word: UInt64) -> Bool {
        guard word != 0, FilterColumns.domainBit(word) & domainMask != 0 else { return false }
        // Id 0 is "no brand" in the columns and "a brand no appearance has" in the filter: never a match.
        if let brand, brand == 0 || FilterColumns.brand(word) != brand { return false }
        if let category, category == 0 || FilterColumns.category(word) != category { return false }
        return true
    }

    /// True when no appearance can pass: an unknown brand or category, no domain, or an empty price range.
    public var matchesNothing: Bool {
        if brand == 0 || category == 0 || domainMask == 0 { return true }
        if let priceMin, let priceMax, priceMin > priceMax { return true }
        return false
    }

    /// Whether the appearance stored under `key` passes the filter (false for a key with no appearance).
    @inline(__always) public func matches(_ key: Int64) -> Bool {
        guard priceMin != nil || priceMax != nil else { return matches(word: columns.word(key)) }
        let (word, price) = columns.read(key)
        guard matches(word: word) else { return false }
        if let priceMin, !(price >= priceMin) { return false }
        if let priceMax, !(price <= priceMax) { return false }
        return true
    }
}

/// Evaluates a `SearchFilter` against appearance metadata (case-insensitive brand and category).
public struct FilterMatcher: Sendable {
    let filter: SearchFilter
    let brand: String?
    let category: String?

    /// Prepares a filter for repeated evaluation.
    public init(_ filter: SearchFilter) {
        self.filter = filter
        self.brand = filter.brand.map(Self.key)
        self.category = filter.category.map(Self.key)
    }

    /// The form brand and category filters compare: trimmed and case-folded (full Unicode), so "ÉCLAT" = "éclat".
    public static func key(_ value: String) -> String {
        // ASCII (nearly every brand and category): trim and lowercase the bytes; the same as the Character rules,
        // whose whitespace among ASCII is exactly \t \n \v \f \r and space.
        var utf8 = value.utf8[...]
        if utf8.allSatisfy({ $0 < 0x80 }) {
            func space(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
            while let first = utf8.first, space(first) { utf8 = utf8.dropFirst() }
            while let last = utf8.last, space(last) { utf8 = utf8.dropLast() }
            if !utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return String(Substring(utf8)) }
            return String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        let trimmed = value.drop(while: \.isWhitespace)
        return String(trimmed.reversed().drop(while: \.isWhitespace).reversed()).lowercased()
    }

    /// `key(value)` for an optional value.
    public static func key(_ value: String?) -> String? { value.map(key) }

    /// True when `meta` passes every clause of the filter.
    public func matches(_ meta: AppearanceMeta) -> Bool {
        if let domains = filter.domains, !domains.contains(meta.domain) { return false }
        if let brand, Self.key(meta.brand) != brand { return false }
        if let category, Self.key(meta.category) != category { return false }
        if let min = filter.priceMin { guard let price = meta.price, price >= min else { return false } }
        if let max = filter.priceMax { guard let price = meta.price, price <= max else { return false } }
        return true
    }
}
