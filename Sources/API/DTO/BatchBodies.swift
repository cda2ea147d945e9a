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

/// A page of `GET /products`.
struct ProductPageJSON: Encodable, Sendable {
    var products: [ResponseBodies.ProductJSON]
    var next_cursor: String?
}

/// Opaque pagination cursors: the last id of the previous page, hex-encoded so clients treat it as opaque.
enum Cursor {
    static func encode(_ id: String) -> String {
        "c" + id.utf8.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    static func decode(_ text: String) -> String? {
        guard text.first == "c", text.count % 2 == 1 else { return nil }
        var bytes: [UInt8] = []
        var chars = text.dropFirst()[...]
        while !chars.isEmpty {
            guard let byte = UInt8(chars.prefix(2), radix: 16) else { return nil }
            bytes.append(byte)
            chars = chars.dropFirst(2)
        }
        let id = String(decoding: bytes, as: UTF8.self)
        return InputLimits.isValidID(id) ? id : nil
    }
}
