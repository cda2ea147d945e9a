import Cluster
import Retrieval
import Storage
import Synchronization

/// Cluster replica mode as the `CatalogStore` port: writes go to PostgreSQL (`PGCatalogWriter`, one transaction,
/// answered after COMMIT, never applied locally), every read goes to this node's SQLite materialisation, which
/// only the replica feed writes. A write's `sequence` is its version token; `waitVisible` waits for the feed.
final class ReplicatedCatalogStore: CatalogStore {
    let local: SQLiteCatalogStore
    let writer: PGCatalogWriter
    private let feedBox = Mutex<ReplicaFeed?>(nil)

    init(local: SQLiteCatalogStore, writer: PGCatalogWriter) {
        self.local = local
        self.writer = writer
    }

    /// The feed that makes this node's reads catch up (attached once the stack exists).
    func attach(_ feed: ReplicaFeed) { feedBox.withLock { $0 = feed } }

    var appliesWritesLocally: Bool { false }

    func waitVisible(_ version: Int64, timeout: Duration) async -> Bool {
        guard let feed = feedBox.withLock({ $0 }) else { return false }
        return await feed.waitVisible(version, timeout: timeout)
    }

    func upsert(_ draft: ProductDraft, appearances: [EncodedAppearance], spaceID: String,
                afterCommit: @escaping @Sendable (CatalogWrite) -> Void) async throws -> CatalogWrite {
        let committed = try await writer.upsert([(draft, appearances)], spaceID: spaceID)
        return Self.write(draft, appearances, committed[0])
    }

    func upsertBatch(_ items: [(draft: ProductDraft, appearances: [EncodedAppearance])], spaceID: String,
                     afterCommit: @escaping @Sendable ([CatalogWrite]) -> Void) async throws -> [CatalogWrite] {
        let committed = try await writer.upsert(items, spaceID: spaceID)
        return zip(items, committed).map { Self.write($0.draft, $0.appearances, $1) }
    }

    func delete(id: String, afterCommit: @escaping @Sendable (CatalogWrite) -> Void) async throws -> CatalogWrite? {
        guard let version = try await writer.delete(id: id) else { return nil }
        return CatalogWrite(product: nil, created: false, removedKeys: [], added: [], sequence: version, previousPageText: nil)
    }

    /// The product as committed: appearance keys are node-local and unknown until the feed applies it (0).
    static func write(_ draft: ProductDraft, _ appearances: [EncodedAppearance], _ c: PGCatalogWriter.Committed) -> CatalogWrite {
        let product = Product(info: draft.info,
                              appearances: appearances.map {
                                  Appearance(key: 0, domain: $0.domain, text: $0.text, summary: $0.summary, imageCount: $0.imageCount)
                              },
                              sequence: c.version, createdAt: c.createdAt, updatedAt: c.updatedAt)
        return CatalogWrite(product: product, created: c.created, removedKeys: [], added: [], sequence: c.version,
                            previousPageText: nil)
    }

    func product(id: String) async throws -> Product? { try await local.product(id: id) }
    func products(after cursor: String?, limit: Int) async throws -> [Product] { try await local.products(after: cursor, limit: limit) }
    func productCount() async throws -> Int { try await local.productCount() }
    func allAppearances(_ body: @escaping @Sendable (StoredAppearanceRecord) -> Void) async throws {
        try await local.allAppearances(body)
    }
    func appearanceRecords(productID: String) async throws -> [StoredAppearanceRecord] {
        try await local.appearanceRecords(productID: productID)
    }
    func lexicalSearch(_ query: LexicalQuery, maxTerms: Int, maxDocumentFrequency: Int?, filter: SearchFilter,
                       limit: Int, weights: LexicalWeights) async throws -> [(key: Int64, score: Double)] {
        try await local.lexicalSearch(query, maxTerms: maxTerms, maxDocumentFrequency: maxDocumentFrequency,
                                      filter: filter, limit: limit, weights: weights)
    }
}

/// The replica feed's sink: the local store (rows, FTS, vectors, versions, cursor in one transaction) and the
/// catalog service (index, filter directory, vocabulary), as for local writes.
struct CatalogReplicaSink: ReplicaSink {
    let store: SQLiteCatalogStore
    let catalog: CatalogService

    func replicaState() async throws -> [String: String] { try await store.replicaState() }

    func replicaVersions() async throws -> [String: Int64] {
        var versions = try await store.replicaVersions()
        // Products written before this node became a replica have no version: reconcile compares them as stale.
        for id in try await store.productsWithoutReplicaVersion() { versions[id] = -1 }
        return versions
    }

    func applyReplicated(upserts: [ReplicatedProduct], deletes: [String], state: [String: String]) async throws {
        try await catalog.applyCommittedElsewhere { afterCommit in
            try await store.applyReplicated(upserts: upserts, deletes: deletes, state: state, afterCommit: afterCommit)
        }
    }
}
