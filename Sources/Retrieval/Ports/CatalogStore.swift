/// The port to durable storage of products, their appearances and vectors (the one place writes go).
///
/// Every committed change gets a monotonically increasing sequence, so an index (or, later, a replica) can be
/// fed "changes after sequence N" as well as rebuilt from scratch.
public protocol CatalogStore: Sendable {
    /// Inserts or replaces a product and all its appearances in one transaction. `afterCommit` runs after the
    /// commit and before any later write's `afterCommit` (so index updates apply in commit order), and before this
    /// call returns; the next transaction may commit while it runs.
    func upsert(_ draft: ProductDraft, appearances: [EncodedAppearance], spaceID: String,
                afterCommit: @escaping @Sendable (CatalogWrite) -> Void) async throws -> CatalogWrite
    /// Inserts or replaces several products in one transaction: all commit or none. `afterCommit` gets every
    /// write, in item order, after the commit (as for `upsert`).
    func upsertBatch(_ items: [(draft: ProductDraft, appearances: [EncodedAppearance])], spaceID: String,
                     afterCommit: @escaping @Sendable ([CatalogWrite]) -> Void) async throws -> [CatalogWrite]
    /// `upsertBatch` that returns once the transaction has committed (durable), while `afterCommit` may still be
    /// running; `applied` waits for it. A bulk import commits the next batch while the graph takes this one.
    func upsertBatchDeferred(_ items: [(draft: ProductDraft, appearances: [EncodedAppearance])], spaceID: String,
                             afterCommit: @escaping @Sendable ([CatalogWrite]) -> Void) async throws
        -> (writes: [CatalogWrite], applied: @Sendable () async -> Void)
    /// Deletes a product and its appearances; nil when there was no such product.
    func delete(id: String, afterCommit: @escaping @Sendable (CatalogWrite) -> Void) async throws -> CatalogWrite?
    /// One product with its appearances, or nil.
    func product(id: String) async throws -> Product?
    /// Products in id order, after the cursor id (exclusive), at most `limit`.
    func products(after cursor: String?, limit: Int) async throws -> [Product]
    /// Number of stored products.
    func productCount() async throws -> Int
    /// Every stored appearance with its metadata (the vector left empty), for loading the filter directory.
    func allAppearances(_ body: @escaping @Sendable (StoredAppearanceRecord) -> Void) async throws
    /// The stored appearances (with fused vectors) of one product; empty when it does not exist.
    func appearanceRecords(productID: String) async throws -> [StoredAppearanceRecord]
    /// BM25 over appearance text for a query's terms, best first, restricted by `filter` inside the search: the
    /// store prunes the terms with its document frequencies (`LexicalQuery.selectedTerms`) to at most `maxTerms`,
    /// leaving out terms held by more than `maxDocumentFrequency` documents while rarer ones remain, and renders
    /// them in its own query language; `weights` are the BM25 weights of the title, brand and body fields.
    func lexicalSearch(_ query: LexicalQuery, maxTerms: Int, maxDocumentFrequency: Int?, filter: SearchFilter,
                       limit: Int, weights: LexicalWeights) async throws -> [(key: Int64, score: Double)]
    /// False when writes commit elsewhere (cluster replica mode): `afterCommit` is then never called by writes,
    /// the returned `CatalogWrite`s carry no keys, and the change reaches this node's reads later, through the
    /// replica feed. `sequence` is then the write's version token.
    var appliesWritesLocally: Bool { get }
    /// Waits until this node serves the write with version token `version`; false after `timeout`.
    func waitVisible(_ version: Int64, timeout: Duration) async -> Bool
}

/// The outcome of one committed write: what the index must change.
public struct CatalogWrite: Sendable {
    /// The product as stored (nil for a delete).
    public var product: Product?
    /// True when the id did not exist before.
    public var created: Bool
    /// Appearance keys that no longer exist.
    public var removedKeys: [Int64]
    /// New appearances with their fused vectors and filter metadata.
    public var added: [StoredAppearanceRecord]
    /// The commit sequence of this write.
    public var sequence: Int64
    /// The page text of the product before the write (for vocabulary bookkeeping), if it existed.
    public var previousPageText: String?

    /// Creates a write record.
    public init(product: Product?, created: Bool, removedKeys: [Int64], added: [StoredAppearanceRecord],
                sequence: Int64, previousPageText: String?) {
        self.product = product
        self.created = created
        self.removedKeys = removedKeys
        self.added = added
        self.sequence = sequence
        self.previousPageText = previousPageText
    }
}

/// An appearance's vector and the metadata filters need.
public struct StoredAppearanceRecord: Sendable {
    /// Appearance key (index key).
    public var key: Int64
    /// Product id.
    public var productID: String
    /// Metadata used for filtering and display.
    public var meta: AppearanceMeta
    /// The fused vector.
    public var vector: [Float]

    /// Creates a record.
    public init(key: Int64, productID: String, meta: AppearanceMeta, vector: [Float]) {
        self.key = key
        self.productID = productID
        self.meta = meta
        self.vector = vector
    }
}

/// What filters and result display need to know about an appearance, kept in memory.
public struct AppearanceMeta: Sendable, Equatable {
    /// The appearance's domain.
    public var domain: Domain
    /// Product title.
    public var title: String
    /// Product brand.
    public var brand: String?
    /// Product category.
    public var category: String?
    /// Product price.
    public var price: Double?

    /// The metadata of an appearance of a product with fields `info`.
    public init(domain: Domain, info: ProductInfo) {
        self.init(domain: domain, title: info.title, brand: info.brand, category: info.category, price: info.price)
    }

    /// Creates metadata.
    public init(domain: Domain, title: String, brand: String?, category: String?, price: Double?) {
        self.domain = domain
        self.title = title
        self.brand = brand
        self.category = category
        self.price = price
    }
}

/// BM25 column weights of the lexical channel.
public struct LexicalWeights: Sendable, Equatable {
    /// Product title.
    public var title: Double
    /// Brand.
    public var brand: Double
    /// Everything else (description, attributes, summaries).
    public var body: Double

    /// Creates weights; the defaults favour the title, where product names and model numbers live.
    public init(title: Double = 5, brand: Double = 2, body: Double = 1) {
        self.title = title
        self.brand = brand
        self.body = body
    }
}

extension CatalogStore {
    /// A local store applies its own writes.
    public var appliesWritesLocally: Bool { true }

    /// A local store's writes are visible once acknowledged.
    public func waitVisible(_ version: Int64, timeout: Duration) async -> Bool { true }

    /// A store that applies in line: returns after `afterCommit` has run.
    public func upsertBatchDeferred(_ items: [(draft: ProductDraft, appearances: [EncodedAppearance])], spaceID: String,
                                    afterCommit: @escaping @Sendable ([CatalogWrite]) -> Void) async throws
        -> (writes: [CatalogWrite], applied: @Sendable () async -> Void) {
        (try await upsertBatch(items, spaceID: spaceID, afterCommit: afterCommit), {})
    }

    /// A store without batch transactions commits the items one by one (each still calls `afterCommit` in order).
    public func upsertBatch(_ items: [(draft: ProductDraft, appearances: [EncodedAppearance])], spaceID: String,
                            afterCommit: @escaping @Sendable ([CatalogWrite]) -> Void) async throws -> [CatalogWrite] {
        var writes: [CatalogWrite] = []
        for item in items {
            writes.append(try await upsert(item.draft, appearances: item.appearances, spaceID: spaceID) { afterCommit([$0]) })
        }
        return writes
    }
}
