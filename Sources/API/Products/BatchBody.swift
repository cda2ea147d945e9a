import Retrieval

/// The `POST /products/batch` body. Each item is decoded on its own, so a malformed item becomes a per-item error
/// instead of failing the whole request.
struct BatchBody: Decodable {
    var products: [BatchItem]
}

/// One batch item: its id (when it has a usable one) and the decoded body or the reason it could not be decoded.
struct BatchItem: Decodable, Sendable {
    var id: String?
    var body: Result<ProductBody, RetrievalError>

    private struct IDOnly: Decodable { var id: String? }

    init(from decoder: any Decoder) throws {
        id = (try? IDOnly(from: decoder))?.id
        do {
            body = .success(try ProductBody(from: decoder))
        } catch let error as DecodingError {
            body = .failure(JSONBody.describe(error))
        }
    }
}

/// One per-item result of a batch.
struct BatchItemResultJSON: Encodable, Sendable {
    var id: String?
    var status: Int
    var error: ErrorJSON?
}

/// An error object inside a batch result (same shape as the top-level error body's `error`).
struct ErrorJSON: Encodable, Sendable {
    var code: String
    var message: String
}

/// The batch answer.
struct BatchResultJSON: Encodable, Sendable {
    var results: [BatchItemResultJSON]
}
