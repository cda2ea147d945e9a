import Testing
import VectorMath
@testable import Retrieval

/// The directory's flat filter columns agree with the reference matcher over the stored metadata through any mix
/// of inserts, upserts that replace a product's appearances, and deletes; unknown brands and categories compile to
/// a filter that matches nothing.
@Suite("Appearance directory filter columns")
struct FilterColumnsTests {
    static let brands: [String?] = [nil, "Acme", "acme ", "ÉCLAT", "éclat", "Zeiss", "Nordlicht", "  Мир"]
    static let categories: [String?] = [nil, "Lamps", "lamps", "Kitchen", "Straße", "STRASSE"]
    static let prices: [Double?] = [nil, 0, 9.99, 19.99, 20, 150, 1_000]

    static func pick<T>(_ values: [T], _ rng: inout SplitMix64) -> T { values[Int(rng.next() % UInt64(values.count))] }

    static func filters(_ rng: inout SplitMix64) -> [SearchFilter] {
        var out: [SearchFilter] = [SearchFilter(brand: "No such brand"), SearchFilter(category: "nothing"),
                                   SearchFilter(priceMin: 30, priceMax: 10), SearchFilter(domains: [])]
        for _ in 0..<60 {
            var f = SearchFilter()
            if rng.next() % 2 == 0 { f.brand = pick(brands, &rng) }
            if rng.next() % 3 == 0 { f.category = pick(categories, &rng) }
            if rng.next() % 3 == 0 { f.priceMin = pick(prices, &rng) }
            if rng.next() % 3 == 0 { f.priceMax = pick(prices, &rng) }
            if rng.next() % 3 == 0 { f.domains = Set(Domain.allCases.filter { _ in rng.next() % 2 == 0 }) }
            out.append(f)
        }
        return out
    }

    @Test func columnsAgreeWithTheMatcherThroughUpsertsReplacesAndDeletes() {
        var rng = SplitMix64(seed: 2026)
        let directory = AppearanceDirectory()
        var reference: [Int64: AppearanceMeta] = [:]
        var keysOfProduct: [String: [Int64]] = [:]
        // Keys as SQLite hands them out, plus keys in the second chunk and past the columns (the overflow map).
        var nextKey: Int64 = 1
        let filters = Self.filters(&rng)
        func check() {
            for filter in filters {
                let matcher = FilterMatcher(filter)
                guard let compiled = directory.compile(filter) else {
                    #expect(filter.isEmpty)
                    continue
                }
                let keys = Array(reference.keys) + [0, nextKey, 999_999_999]
                for key in keys {
                    let expected = reference[key].map(matcher.matches) ?? false
                    #expect(compiled.matches(key) == expected, "key \(key) filter \(filter)")
                }
                // The candidate list: every matching key, and only keys of the filter's brand (or category).
                if filter.brand == nil, filter.category == nil {
                    #expect(compiled.candidates == nil)
                } else if let candidates = compiled.candidates {
                    for (key, meta) in reference where matcher.matches(meta) {
                        #expect(candidates.contains(key), "key \(key) missing for \(filter)")
                    }
                    for key in candidates {
                        let meta = reference[key]
                        let sameBrand = filter.brand != nil && FilterMatcher.key(meta?.brand) == FilterMatcher.key(filter.brand)
                        let sameCategory = filter.category != nil
                            && FilterMatcher.key(meta?.category) == FilterMatcher.key(filter.category)
                        #expect(sameBrand || sameCategory, "stale key \(key) for \(filter)")
                    }
                } else {
                    Issue.record("no candidate list for \(filter)")
                }
                if compiled.matchesNothing {
                    #expect(!reference.values.contains(where: matcher.matches), "\(filter)")
                }
            }
        }
        for step in 0..<400 {
            let product = "p\(rng.next() % 60)"
            let old = keysOfProduct[product] ?? []
            if rng.next() % 5 == 0, !old.isEmpty {  // delete the product
                directory.apply(CatalogWrite(product: nil, created: false, removedKeys: old, added: [], sequence: 0,
                                             previousPageText: nil))
                for key in old { reference[key] = nil }
                keysOfProduct[product] = nil
            } else {  // insert or replace: new keys for every appearance, the old ones removed
                let brand = Self.pick(Self.brands, &rng), category = Self.pick(Self.categories, &rng)
                let price = Self.pick(Self.prices, &rng)
                var added: [StoredAppearanceRecord] = []
                for (i, domain) in Domain.allCases.prefix(1 + Int(rng.next() % 3)).enumerated() {
                    if step == 200, i == 0 { nextKey = 70_000 }  // into the second chunk
                    if step == 300, i == 0 { nextKey = Int64(1) << 33 }  // past the columns
                    let meta = AppearanceMeta(domain: domain, title: "T \(step)", brand: brand, category: category, price: price)
                    added.append(StoredAppearanceRecord(key: nextKey, productID: product, meta: meta, vector: []))
                    nextKey += 1
                }
                directory.apply(CatalogWrite(product: nil, created: old.isEmpty, removedKeys: old, added: added,
                                             sequence: 0, previousPageText: nil))
                for key in old { reference[key] = nil }
                for record in added { reference[record.key] = record.meta }
                keysOfProduct[product] = added.map(\.key)
            }
            if step % 50 == 49 { check() }
        }
        #expect(directory.count == reference.count)
        #expect(directory.productCount == keysOfProduct.count)
    }

    @Test func anUnknownBrandMatchesNothingAndFoldingIsUnicode() {
        let directory = AppearanceDirectory()
        directory.insert(StoredAppearanceRecord(key: 1, productID: "a", meta: AppearanceMeta(
            domain: .page, title: "Lamp", brand: "ÉCLAT", category: " Straße ", price: 10), vector: []))
        #expect(directory.compile(SearchFilter()) == nil)
        #expect(directory.compile(SearchFilter(brand: "Acme"))!.matchesNothing)
        let folded = directory.compile(SearchFilter(category: "straße", brand: "éclat "))!
        #expect(!folded.matchesNothing && folded.matches(1) && !folded.matches(2))
        #expect(!directory.compile(SearchFilter(domains: [.video]))!.matches(1))
        #expect(directory.compile(SearchFilter(priceMin: 10, priceMax: 10))!.matches(1))
        #expect(!directory.compile(SearchFilter(priceMin: 10.01))!.matches(1))
    }
}
