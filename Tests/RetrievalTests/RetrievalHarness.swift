import Logging
import Retrieval
import RetrievalFakes

/// The two services wired to the fakes, sharing one store, index and directory as the app wires them.
struct RetrievalHarness {
    let store = InMemoryCatalogStore()
    let encoder: FixedEncoder
    let summarizer: EchoSummarizer?
    let index = BruteForceIndex()
    let directory = AppearanceDirectory()
    let catalog: CatalogService
    let search: SearchService

    init(dimension: Int = 16, summarizer: EchoSummarizer? = EchoSummarizer(),
         options: SearchService.Options = SearchService.Options()) {
        let logger = Logger(label: "retrieval-tests") { _ in SwiftLogNoOpLogHandler() }
        encoder = FixedEncoder(dimension: dimension)
        self.summarizer = summarizer
        catalog = CatalogService(store: store, encoder: encoder, summarizer: summarizer, index: index,
                                 directory: directory, logger: logger)
        search = SearchService(store: store, encoder: encoder, summarizer: summarizer, index: index,
                               directory: directory, options: options, logger: logger)
    }

    /// Upserts each draft, in order.
    func add(_ drafts: [ProductDraft]) async throws {
        for draft in drafts { _ = try await catalog.upsert(draft) }
    }

    /// The appearance keys of product `id` as stored.
    func keys(of id: String) async throws -> [Int64] {
        try await store.appearanceRecords(productID: id).map(\.key)
    }

    /// The fused vector of product `id`'s appearance in `domain`.
    func vector(of id: String, _ domain: Domain = .page) async throws -> [Float]? {
        try await store.appearanceRecords(productID: id).first { $0.meta.domain == domain }?.vector
    }
}
