import API
import App
import FoundationEssentials
import HTTPClient
import Retrieval
import Synchronization

/// Imports into a running server with `POST /products/batch` (over libcurl).
package struct ServerImportSink: CatalogImporter.Sink {
    let client: CurlClient
    let url: String
    let apiKey: String?

    /// `server` is the base URL, e.g. `http://127.0.0.1:8080`.
    package init(server: String, apiKey: String? = nil, timeout: Double = 300) {
        client = CurlClient(configuration: HTTPClientConfiguration(connectTimeout: 5, totalTimeout: timeout,
                                                                   maxResponseBytes: 64 << 20))
        url = (server.hasSuffix("/") ? String(server.dropLast()) : server) + "/products/batch"
        self.apiKey = apiKey
    }

    struct BatchAnswer: Decodable {
        struct Item: Decodable {
            var status: Int
            var error: ErrorBody?
        }
        struct ErrorBody: Decodable {
            var code: String
            var message: String
        }
        var results: [Item]
    }

    package func upsert(_ bodies: [[UInt8]]) async throws -> [CatalogImporter.Outcome] {
        var body: [UInt8] = Array(#"{"products":["#.utf8)
        for (i, line) in bodies.enumerated() {
            if i > 0 { body.append(UInt8(ascii: ",")) }
            body += line
        }
        body += Array("]}".utf8)
        var headers = [(name: "Content-Type", value: "application/json")]
        if let apiKey { headers.append((name: "Authorization", value: "Bearer \(apiKey)")) }
        let response = try await client.execute(ClientRequest(method: "POST", url: url, headers: headers, body: body))
        guard response.status == 200 else {
            // The batch as a whole was refused (a line that is not JSON at all, too large, unauthorized): split it
            // so each line gets its own verdict, down to single lines.
            if bodies.count > 1 {
                let half = bodies.count / 2
                return try await upsert(Array(bodies[..<half])) + upsert(Array(bodies[half...]))
            }
            let error = try? JSONDecoder().decode([String: BatchAnswer.ErrorBody].self, from: Data(response.body))["error"]
            if response.status >= 500 || response.status == 401 || response.status == 429 {
                throw RetrievalError.internalError(message: "server answered \(response.status): \(error?.message ?? response.bodyText)")
            }
            return [.rejected(code: error?.code ?? "http_\(response.status)", message: error?.message ?? response.bodyText)]
        }
        let answer = try JSONDecoder().decode(BatchAnswer.self, from: Data(response.body))
        return answer.results.map { item in
            if item.status < 300 { return .stored }
            return .rejected(code: item.error?.code ?? "http_\(item.status)", message: item.error?.message ?? "")
        }
    }
}

/// Imports into a local data directory through the same catalog service the server uses.
package struct LocalImportSink: CatalogImporter.Sink {
    let stack: RetrievalStack
    let limits: InputLimits
    /// The last committed batch's wait for its graph inserts: a batch is encoded and committed while the graph
    /// takes the one before it, and waits for that one before it returns (at most one batch behind).
    private let pending = PendingApply()

    /// Imports into `stack`.
    package init(stack: RetrievalStack, limits: InputLimits = InputLimits()) {
        self.stack = stack
        self.limits = limits
    }

    /// Decodes every line, then stores the valid products of the batch in one transaction (as the server's
    /// `POST /products/batch` does); a storage failure stops the import (nothing after the last saved batch is
    /// marked done), any other failure rejects its line alone.
    package func upsert(_ bodies: [[UInt8]]) async throws -> [CatalogImporter.Outcome] {
        let decoded = Self.decode(bodies, limits: limits), drafts = decoded.drafts
        var outcomes = decoded.outcomes
        let (results, applied) = await stack.catalog.importBatch(drafts.map(\.draft))
        let previous = pending.state.withLock { p in
            defer { p = applied }
            return p
        }
        await previous?()
        for (entry, result) in zip(drafts, results) {
            switch result {
            case .success:
                outcomes[entry.index] = .stored
            case .failure(let error):
                guard let failure = error as? RetrievalError, failure.kind != .storageUnavailable else { throw error }
                outcomes[entry.index] = .rejected(code: failure.code, message: failure.message)
            }
        }
        return outcomes.map { $0! }
    }

    /// Each line decoded into a draft (with its position), or its rejection at that position.
    static func decode(_ bodies: [[UInt8]], limits: InputLimits)
        -> (outcomes: [CatalogImporter.Outcome?], drafts: [(index: Int, draft: ProductDraft)]) {
        var outcomes = [CatalogImporter.Outcome?](repeating: nil, count: bodies.count)
        var drafts: [(index: Int, draft: ProductDraft)] = []
        for (i, line) in bodies.enumerated() {
            do {
                drafts.append((i, try JSONBody.decode(ProductBody.self, from: line).draft(limits: limits)))
            } catch {
                outcomes[i] = .rejected(code: error.code, message: error.message)
            }
        }
        return (outcomes, drafts)
    }

    /// Waits for the last batch's graph inserts.
    package func finish() async {
        let last = pending.state.withLock { p in
            defer { p = nil }
            return p
        }
        await last?()
    }
}

/// `ampere import --encode-only`: decodes and encodes every product as `LocalImportSink` does, stores nothing,
/// and counts the appearances encoded (the encoder's own rate on the catalog's texts).
package final class EncodeOnlySink: CatalogImporter.Sink {
    let stack: RetrievalStack
    let limits: InputLimits
    /// Appearances encoded so far.
    package let appearances = Mutex(0)

    /// Encodes with `stack`'s encoder and summarizer.
    package init(stack: RetrievalStack, limits: InputLimits = InputLimits()) {
        self.stack = stack
        self.limits = limits
    }

    /// A product that fails to encode (an image that does not decode, say) is rejected, as the import would.
    package func upsert(_ bodies: [[UInt8]]) async throws -> [CatalogImporter.Outcome] {
        let decoded = LocalImportSink.decode(bodies, limits: limits), drafts = decoded.drafts
        var outcomes = decoded.outcomes
        let results = await stack.catalog.encodeOnly(drafts.map(\.draft))
        for (entry, result) in zip(drafts, results) {
            switch result {
            case .success(let n):
                appearances.withLock { $0 += n }
                outcomes[entry.index] = .stored
            case .failure(let error):
                let failure = error as? RetrievalError ?? .internalError(message: "\(error)")
                outcomes[entry.index] = .rejected(code: failure.code, message: failure.message)
            }
        }
        return outcomes.map { $0! }
    }
}

/// The wait a `LocalImportSink` holds between batches.
final class PendingApply: Sendable {
    let state = Mutex<(@Sendable () async -> Void)?>(nil)
}
