import API
import Dispatch
import FuzzSupport
import HTTPServer
import Logging
import Retrieval

/// Fuzzes the JSON request bodies through the real route handlers (`ProductRoutes`, `SearchRoutes`): the content
/// type check, `JSONDecoder` into the DTOs, validation into Retrieval types, base64 images, batch items one by one.
/// Byte 0 picks the endpoint (value % 5) and the `Content-Type` ((value / 5) % 4); the rest is the body.
///
/// The services behind the routes are stubs: the encoder returns a fixed vector and the store, search and
/// summarizer throw a sentinel `not_ready`, so reaching the sentinel means the body passed validation.
/// Checked: the handler never crashes and every error is a typed API error with a 4xx status (never a 500),
/// or the sentinel; a batch answers 200 with one result per item.
enum JSONBodiesTarget: FuzzTarget {
    static let paths = ["/products", "/products/batch", "/search", "/embed", "/summarize"]
    static let contentTypes: [String?] = [nil, "application/json", "application/problem+json; charset=utf-8", "text/plain"]
    static let sentinel = "fuzz sentinel: validation passed"

    static let router: Router = {
        var limits = InputLimits()
        limits.maxImages = 4
        limits.maxImageBytes = 4096
        limits.maxBatch = 8
        var table = EndpointTable()
        let catalog = CatalogService(store: SentinelStore(), encoder: FixedEncoder(), summarizer: nil,
                                     index: NoIndex(), directory: AppearanceDirectory(),
                                     logger: Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() }))
        ProductRoutes.register(on: &table, catalog: { catalog }, limits: limits, bodyLimit: 1 << 20,
                               batchBodyLimit: 1 << 20)
        SearchRoutes.register(on: &table, search: { throw RetrievalError.notReady(message: sentinel) },
                              limits: limits, defaultMode: .hybrid, bodyLimit: 1 << 20)
        EmbedRoutes.register(on: &table, services: { throw RetrievalError.notReady(message: sentinel) },
                             limits: limits, bodyLimit: 1 << 20)
        SummarizeRoutes.register(on: &table, summarizer: { throw RetrievalError.notReady(message: sentinel) },
                                 limits: limits, bodyLimit: 1 << 20)
        return table.router()
    }()

    /// Heads for each endpoint and content type, parsed once by the real parser.
    static let heads: [[HTTPRequestHead]] = paths.map { path in
        contentTypes.map { type in
            var text = "POST \(path) HTTP/1.1\r\nHost: fuzz\r\n"
            if let type { text += "Content-Type: \(type)\r\n" }
            var parser = HTTPParser()
            let bytes = Array((text + "\r\n").utf8)
            guard case .head(let head)? = try? bytes.withUnsafeBufferPointer({ try parser.parse($0).event }) else {
                fatalError("fixture head does not parse")
            }
            return head
        }
    }

    final class Box: @unchecked Sendable { var result: Result<HTTPResponse, any Error>? }

    static func run(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let endpoint = Int(selector) % paths.count
        let head = heads[endpoint][(Int(selector) / paths.count) % contentTypes.count]
        let request = HTTPRequest(head: head, body: Array(input.dropFirst()))
        guard case .found(let match) = router.lookup(method: .post, path: head.path),
              case .async(let handler) = match.route.handler else { fatalError("route \(head.path) missing") }

        let box = Box(), done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await handler(request)) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        FuzzDriver.note("\(head.path): \(box.result!)")
        switch box.result! {
        case .success(let response):
            FuzzDriver.check(endpoint == 1, "\(head.path) answered \(response.status.code) past the sentinel")
            FuzzDriver.check(response.status.code == 200, "batch answered \(response.status.code)")
            FuzzDriver.check(response.body.starts(with: Array("{\"results\":[".utf8)), "batch body is not a result list")
        case .failure(let error):
            guard let typed = error as? any HTTPResponseError else {
                FuzzDriver.check(false, "\(head.path) threw an untyped \(type(of: error)): \(error)")
                return
            }
            if typed.message == sentinel { return }
            FuzzDriver.check((400..<500).contains(typed.status.code),
                             "\(head.path) answered \(typed.status.code) \(typed.code): \(typed.message)")
            FuzzDriver.check(!typed.code.isEmpty && typed.code.utf8.allSatisfy { $0 == 95 || (97...122).contains($0) },
                             "error code '\(typed.code)' is not snake_case")
            FuzzDriver.check(typed.response.body.starts(with: Array("{\"error\":{".utf8)), "error body is not the JSON error")
        }
    }

    /// Seed bodies per endpoint (byte 0 = endpoint with `application/json`).
    static func seeds() -> [(name: String, bytes: [UInt8])] {
        let png = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg=="
        let product = """
        {"id":"sku-1.a:b","title":"Red running shoe","description":"Light mesh upper","brand":"Acme","category":"shoes",\
        "price":59.9,"currency":"EUR","attributes":{"colour":"red","size":"42"},"images":["\(png)"],\
        "media":[{"domain":"video","asr":"so this shoe is really light","frames":["\(png)"]},{"domain":"live","asr":"hello"}]}
        """
        let bodies: [(String, Int, String)] = [
            ("product", 0, product),
            ("product-min", 0, #"{"id":"x","title":"t"}"#),
            ("batch", 1, #"{"products":[\#(product),{"id":"bad id","title":""},{"title":7},{"id":"y","title":"ok","price":-1}]}"#),
            ("search", 2, #"{"text":"red shoe","asr":"uh the shoe","k":5,"ef":50,"mode":"vector","like":"sku-1","#
                + #""vector":[0.1,-2e-3,3],"filter":{"domain":["page","video"],"category":"shoes","brand":"Acme","price":{"gte":1,"lte":100}}}"#),
            ("search-images", 2, #"{"images":["\#(png)"],"mode":"hybrid"}"#),
            ("embed", 3, #"{"text":"red shoe","asr":"this shoe","images":["\#(png)"]}"#),
            ("summarize", 4, #"{"asr":"okay so today we have the red shoe","max_words":20}"#),
        ]
        return bodies.map { (name: $0.0, bytes: [UInt8($0.1 + 5)] + Array($0.2.utf8)) }
    }
}

/// Returns one fixed unit vector for any input, so the catalog gets as far as the store.
struct FixedEncoder: AppearanceEncoding {
    var spaceID: String { "fuzz" }
    var dimension: Int { 4 }
    func embed(text: String?, images: [[UInt8]]) async throws -> Embedding {
        Embedding(fused: [1, 0, 0, 0], text: text == nil ? nil : [1, 0, 0, 0], visual: images.isEmpty ? nil : [0, 1, 0, 0])
    }
}

/// A store whose every call throws the sentinel: a write that reaches it passed validation.
struct SentinelStore: CatalogStore {
    var sentinel: RetrievalError { .notReady(message: JSONBodiesTarget.sentinel) }
    func upsert(_ draft: ProductDraft, appearances: [EncodedAppearance], spaceID: String,
                afterCommit: @escaping @Sendable (CatalogWrite) -> Void) async throws -> CatalogWrite { throw sentinel }
    func delete(id: String, afterCommit: @escaping @Sendable (CatalogWrite) -> Void) async throws -> CatalogWrite? { throw sentinel }
    func product(id: String) async throws -> Product? { throw sentinel }
    func products(after cursor: String?, limit: Int) async throws -> [Product] { throw sentinel }
    func productCount() async throws -> Int { throw sentinel }
    func allAppearances(_ body: @escaping @Sendable (StoredAppearanceRecord) -> Void) async throws { throw sentinel }
    func appearanceRecords(productID: String) async throws -> [StoredAppearanceRecord] { throw sentinel }
    func lexicalSearch(_ query: LexicalQuery, maxTerms: Int, maxDocumentFrequency: Int?, filter: SearchFilter,
                       limit: Int, weights: LexicalWeights) async throws -> [(key: Int64, score: Double)] { throw sentinel }
}

/// An index that holds nothing.
struct NoIndex: VectorIndexing {
    var count: Int { 0 }
    func apply(upserts: [(key: Int64, vector: [Float])], removals: [Int64]) {}
    func search(_ query: [Float], k: Int, ef: Int?, allow: (@Sendable (Int64) -> Bool)?,
                candidates: Set<Int64>?) -> [(key: Int64, score: Float)] { [] }
    func vector(forKey key: Int64) -> [Float]? { nil }
}

// libFuzzer calls the entry point in a fuzz build; any other build gets the replay `main`.
#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput") public func fuzzJSONBodies(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt { JSONBodiesTarget.fuzz(d, n) }
#else
@main enum Main: FuzzReplayMain { typealias Target = JSONBodiesTarget }
#endif
