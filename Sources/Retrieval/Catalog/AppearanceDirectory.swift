import Synchronization

/// In-memory map from appearance key to its product and filter metadata, shared by the search channels.
///
/// Reads vastly outnumber writes (every candidate the ANN search visits under a filter is checked here), so it
/// is a lock around a dictionary; writes happen only after commits, in commit order.
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

    private struct State {
        var entries: [Int64: Entry] = [:]
        /// Every product has exactly one page appearance, so counting those counts products.
        var products = 0
        /// Product id → the key of its page appearance (what recommendations take as the product's vector).
        var pages: [String: Int64] = [:]

        mutating func remove(_ key: Int64) {
            if let old = entries.removeValue(forKey: key), old.meta.domain == .page {
                products -= 1
                if pages[old.productID] == key { pages.removeValue(forKey: old.productID) }
            }
        }

        mutating func insert(key: Int64, _ entry: Entry) {
            remove(key)
            entries[key] = entry
            if entry.meta.domain == .page {
                products += 1
                pages[entry.productID] = key
            }
        }
    }

    private let state = Mutex(State())

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

    /// The keys of every product's page appearance (one per product).
    public func pageKeys() -> [Int64] { state.withLock { Array($0.pages.values) } }

    /// Applies one committed write.
    public func apply(_ write: CatalogWrite) {
        let added = write.added.map { ($0.key, Entry($0)) }  // analysed outside the lock
        state.withLock { s in
            for key in write.removedKeys { s.remove(key) }
            for (key, entry) in added { s.insert(key: key, entry) }
        }
    }

    /// Adds one stored appearance (start-up loading).
    public func insert(_ record: StoredAppearanceRecord) {
        let entry = Entry(record)
        state.withLock { $0.insert(key: record.key, entry) }
    }

    /// A predicate accepting the keys whose appearance passes `filter`; nil when the filter is empty.
    public func predicate(for filter: SearchFilter) -> (@Sendable (Int64) -> Bool)? {
        guard !filter.isEmpty else { return nil }
        let matcher = FilterMatcher(filter)
        return { [self] key in
            guard let entry = self.entry(key) else { return false }
            return matcher.matches(entry.meta)
        }
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
