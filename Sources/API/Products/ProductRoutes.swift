import HTTPServer
import Retrieval

/// `POST /products`, `POST /products/batch`, `GET /products`, `GET /products/{id}`, `DELETE /products/{id}`.
/// Reads need a read key, upserts and deletes a write key (when keys are configured).
package enum ProductRoutes {
    /// Registers the catalog routes. `catalog` answers the service, or throws `not_ready` while it is loading;
    /// `bodyLimit` and `batchBodyLimit` bound the request bodies (413 beyond).
    package static func register(on table: inout EndpointTable, catalog: @escaping @Sendable () throws -> CatalogService,
                                limits: InputLimits,
                                bodyLimit: Int, batchBodyLimit: Int) {
        table.post("/products", access: .write, bodyLimit: bodyLimit) { request in
            let draft = try await RequestBody.decode(ProductBody.self, from: request) { try $0.draft(limits: limits) }
            let (product, created) = try await catalog().upsert(draft)
            return try .json(encoding: ProductJSON(product), status: created ? 201 : 200)
        }
        table.post("/products/batch", access: .write, bodyLimit: batchBodyLimit) { request in
            let batch = try await RequestBody.decode(BatchBody.self, from: request) { $0 }
            guard batch.products.count <= limits.maxBatch else {
                throw RetrievalError.tooLarge(code: .tooManyItems, message: "a batch holds at most \(limits.maxBatch) products")
            }
            let results = await upsertAll(batch.products, catalog: try catalog(), limits: limits)
            return try .json(encoding: BatchResultJSON(results: results))
        }
        table.get("/products", access: .read) { request in
            let query = request.queryParameters
            var limit = 50
            if let text = query["limit"] {
                guard let value = Int(text), (1...1000).contains(value) else {
                    throw RetrievalError.invalid(message: "limit must be an integer from 1 to 1000")
                }
                limit = value
            }
            var cursor: String?
            if let text = query["cursor"], !text.isEmpty {
                guard let decoded = Cursor.decode(text) else { throw RetrievalError.invalid(message: "cursor is not valid") }
                cursor = decoded
            }
            let page = try await catalog().list(limit: limit, cursor: cursor)
            return try .json(encoding: ProductPageJSON(products: page.products.map(ProductJSON.init),
                                                   next_cursor: page.next.map(Cursor.encode)))
        }
        table.get("/products/{id}", access: .read) { request in
            let id = try productID(request)
            return try .json(encoding: ProductJSON(try await catalog().product(id: id)))
        }
        table.delete("/products/{id}", access: .write) { request in
            try await catalog().delete(id: try productID(request))
            return HTTPResponse(status: 204)
        }
    }

    static func productID(_ request: HTTPRequest) throws(RetrievalError) -> String {
        let id = request.pathParameters["id"] ?? ""
        guard InputLimits.isValidID(id) else {
            throw RetrievalError.invalid(code: .invalidID, message: "id must be 1-128 characters of [A-Za-z0-9._:-]")
        }
        return id
    }

    /// Validates every item, then stores the valid ones with one transaction (`CatalogService.upsertBatch`); one
    /// bad item never fails or hides the others.
    static func upsertAll(_ items: [BatchItem], catalog: CatalogService, limits: InputLimits) async -> [BatchItemResultJSON] {
        var results = [BatchItemResultJSON?](repeating: nil, count: items.count)
        var drafts: [(index: Int, draft: ProductDraft)] = []
        for (i, item) in items.enumerated() {
            do {
                drafts.append((i, try item.body.get().draft(limits: limits)))
            } catch {
                results[i] = failure(item, error)
            }
        }
        let outcomes = await catalog.upsertBatch(drafts.map(\.draft))
        for (entry, outcome) in zip(drafts, outcomes) {
            switch outcome {
            case .success(let stored):
                results[entry.index] = BatchItemResultJSON(id: items[entry.index].id, status: stored.created ? 201 : 200, error: nil)
            case .failure(let error):
                results[entry.index] = failure(items[entry.index], error)
            }
        }
        return results.map { $0! }
    }

    static func failure(_ item: BatchItem, _ error: any Error) -> BatchItemResultJSON {
        guard let error = error as? RetrievalError else {
            return BatchItemResultJSON(id: item.id, status: 500,
                                       error: ErrorJSON(code: "internal_error", message: "the product could not be stored"))
        }
        return BatchItemResultJSON(id: item.id, status: error.status.code, error: ErrorJSON(code: error.code, message: error.message))
    }
}
