import HTTPServer
import Retrieval

/// `POST /search`, `POST /embed`, `POST /summarize`.
public enum SearchRoutes {
    /// The services the query routes use; the provider throws `not_ready` while they are loading.
    public struct Services: Sendable {
        /// Search.
        public var search: SearchService
        /// The encoder (for `/embed`).
        public var encoder: any AppearanceEncoding
        /// The summarizer (for `/summarize` and `asr` fields), if any.
        public var summarizer: (any TranscriptSummarizing)?

        /// Bundles the services.
        public init(search: SearchService, encoder: any AppearanceEncoding, summarizer: (any TranscriptSummarizing)?) {
            self.search = search
            self.encoder = encoder
            self.summarizer = summarizer
        }
    }

    /// Registers the query routes.
    public static func register(on router: inout Router, services: @escaping @Sendable () throws -> Services,
                                limits: InputLimits, defaultMode: SearchMode, bodyLimit: Int) {
        router.post("/search", bodyLimit: bodyLimit) { request in
            let query = try RequestBody.decode(SearchBody.self, from: request).query(limits: limits, defaultMode: defaultMode)
            let result = try await services().search.search(query)
            var response = HTTPResponse.json(encoding: ResponseBodies.SearchJSON(result))
            response.headers.add("Server-Timing", serverTiming(result.timings))
            return response
        }
        router.post("/embed", bodyLimit: bodyLimit) { request in
            let body = try RequestBody.decode(EmbedBody.self, from: request)
            let input = try body.validated(limits: limits)
            let (encoder, summarizer) = try services().pair
            var summary: Summary?
            var texts: [String] = []
            if let text = input.text { texts.append(text) }
            if let asr = input.asr {
                if let summarizer {
                    let s = try await summarizer.summarize(asr, maxWords: nil)
                    summary = s
                    texts.append(s.text)
                } else {
                    texts.append(asr)
                }
            }
            let embedding = try await encoder.embed(text: texts.isEmpty ? nil : texts.joined(separator: "\n"),
                                                    images: input.images)
            return .json(encoding: EmbedJSON(embedding: embedding.fused, dim: embedding.fused.count,
                                             branches: .init(text: embedding.text, visual: embedding.visual),
                                             summary: summary.map(ResponseBodies.SummaryJSON.init)))
        }
        router.post("/summarize", bodyLimit: bodyLimit) { request in
            let body = try RequestBody.decode(SummarizeBody.self, from: request)
            let asr = body.asr.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !asr.isEmpty else { throw APIError(.invalidField, "field 'asr' must not be empty") }
            try Check.length(asr, max: limits.maxTranscriptLength, field: "asr")
            if let maxWords = body.max_words, !(1...1000).contains(maxWords) {
                throw APIError(.invalidField, "field 'max_words' must be between 1 and 1000")
            }
            guard let summarizer = try services().summarizer else {
                throw APIError(.notReady, "no summarizer is configured")
            }
            let summary = try await summarizer.summarize(asr, maxWords: body.max_words)
            return .json(encoding: SummarizeJSON(summary: summary.text, source: summary.source.rawValue, model: summary.model))
        }
    }
}

extension SearchRoutes {
    /// The `Server-Timing` header value (W3C Server Timing): one `name;dur=ms` metric per search stage.
    static func serverTiming(_ timings: SearchTimings) -> String {
        timings.stages.map { stage in
            let micros = Int((stage.millis * 1000).rounded())
            let fraction = String(micros % 1000)
            return "\(stage.name);dur=\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
        }.joined(separator: ", ")
    }
}

extension SearchRoutes.Services {
    var pair: (any AppearanceEncoding, (any TranscriptSummarizing)?) { (encoder, summarizer) }
}

/// The `POST /embed` body.
struct EmbedBody: Decodable {
    var text: String?
    var asr: String?
    var images: [String]?

    func validated(limits: InputLimits) throws(RetrievalError) -> (text: String?, asr: String?, images: [[UInt8]]) {
        let text = self.text.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        let asr = self.asr.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        guard text != nil || asr != nil || !(images ?? []).isEmpty else {
            throw .invalid(code: "empty_query", message: "give at least one of text, asr, images")
        }
        try Check.length(text, max: limits.maxTextLength, field: "text")
        try Check.length(asr, max: limits.maxTranscriptLength, field: "asr")
        guard (images ?? []).count <= limits.maxImages else {
            throw .tooLarge(code: "too_many_images", message: "at most \(limits.maxImages) images are allowed")
        }
        return (text, asr, try Check.images(images ?? [], limits: limits, field: "images"))
    }
}

/// The `POST /embed` answer.
struct EmbedJSON: Encodable {
    struct Branches: Encodable {
        var text: [Float]?
        var visual: [Float]?
    }
    var embedding: [Float]
    var dim: Int
    var branches: Branches
    var summary: ResponseBodies.SummaryJSON?
}

/// The `POST /summarize` body.
struct SummarizeBody: Decodable {
    var asr: String
    var max_words: Int?
}

/// The `POST /summarize` answer.
struct SummarizeJSON: Encodable {
    var summary: String
    var source: String
    var model: String?
}
