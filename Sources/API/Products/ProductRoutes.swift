import HTTPServer
import Retrieval

/// `POST /products`, `POST /products/batch`, `GET /products`, `GET /products/{id}`, `DELETE /products/{id}`.
/// Reads need a read key, upserts and deletes a write key (when keys are configured).
package enum ProductRoutes {
    /// Registers the catalog routes. `catalog` answers the service, or throws `not_ready` while it is loading;
    /// `bodyLimit` and `batchBodyLimit` bound the request bodies (413 beyond). Every write's answer carries its
    /// version token in `Ampere-Version`; `?wait=visible` waits (at most `visibleTimeout`) until this node serves
    /// the write and says whether it does in `Ampere-Visible` (a cluster replica applies writes through its feed).
    /// Upserts run on the work lane (`WorkLane`): the extractive summaries of their transcripts are CPU work.
    package static func register(on table: inout EndpointTable, catalog: @escaping @Sendable () throws -> CatalogService,
                                limits: InputLimits,
                                bodyLimit: Int, batchBodyLimit: Int, visibleTimeout: Duration = .seconds(5),
                                lane: WorkLane = .shared) {
        table.post("/products", access: .write, bodyLimit: bodyLimit) { request in
            let wait = try waitsForVisibility(request)
            let draft = try await RequestBody.decode(ProductBody.self, from: request) { try $0.draft(limits: limits) }
            let service = try catalog()
            var (product, created) = try await lane.run { try await service.upsert(draft) }
            let version = product.sequence
            var visible: Bool?
            if wait {
                visible = await service.waitVisible(version, timeout: visibleTimeout)
                if visible == true, service.isReplicated, var local = try? await service.product(id: draft.id) {
                    local.sequence = version
                    product = local
                }
            }
            var response = try HTTPResponse.json(encoding: ProductJSON(product), status: created ? 201 : 200)
            stamp(&response, version: version, visible: visible)
            return response
        }
        table.post("/products/batch", access: .write, bodyLimit: batchBodyLimit) { request in
            let batch = try await RequestBody.decode(BatchBody.self, from: request) { $0 }
            guard batch.products.count <= limits.maxBatch else {
                throw RetrievalError.tooLarge(code: .tooManyItems, message: "a batch holds at most \(limits.maxBatch) products")
            }
            let wait = try waitsForVisibility(request)
            let service = try catalog()
            let (results, version) = try await lane.run { await upsertAll(batch.products, catalog: service, limits: limits) }
            let visible: Bool? = wait && version > 0 ? await service.waitVisible(version, timeout: visibleTimeout) : nil
            var response = try HTTPResponse.json(encoding: BatchResultJSON(results: results))
            if version > 0 { stamp(&response, version: version, visible: visible) }
            return response
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
            let wait = try waitsForVisibility(request)
            let service = try catalog()
            let version = try await service.delete(id: try productID(request))
            let visible: Bool? = wait ? await service.waitVisible(version, timeout: visibleTimeout) : nil
            var response = HTTPResponse(status: 204)
            stamp(&response, version: version, visible: visible)
            return response
        }
    }

    /// `?wait=visible` (true), absent (false), anything else a 400.
    static func waitsForVisibility(_ request: HTTPRequest) throws(RetrievalError) -> Bool {
        guard let value = request.queryParameters["wait"] else { return false }
        guard value == "visible" else { throw RetrievalError.invalid(message: "wait must be 'visible'") }
        return true
    }

    static func stamp(_ response: inout HTTPResponse, version: Int64, visible: Bool?) {
        response.headers.add("Ampere-Version", String(version))
        if let visible { response.headers.add("Ampere-Visible", visible ? "true" : "false") }
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
    /// Also returns the batch's version token (the largest of its writes; 0 when nothing was stored).
    static func upsertAll(_ items: [BatchItem], catalog: CatalogService, limits: InputLimits) async -> ([BatchItemResultJSON], Int64) {
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
        var version: Int64 = 0
        for (entry, outcome) in zip(drafts, outcomes) {
            switch outcome {
            case .success(let stored):
                version = max(version, stored.product.sequence)
                results[entry.index] = BatchItemResultJSON(id: items[entry.index].id, status: stored.created ? 201 : 200, error: nil)
            case .failure(let error):
                results[entry.index] = failure(items[entry.index], error)
            }
        }
        return (results.map { $0! }, version)
    }

    static func failure(_ item: BatchItem, _ error: any Error) -> BatchItemResultJSON {
        guard let error = error as? RetrievalError else {
            return BatchItemResultJSON(id: item.id, status: 500,
                                       error: ErrorJSON(code: "internal_error", message: "the product could not be stored"))
        }
        return BatchItemResultJSON(id: item.id, status: error.status.code, error: ErrorJSON(code: error.code, message: error.message))
    }
}
