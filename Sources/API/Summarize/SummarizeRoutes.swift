import HTTPServer
import Retrieval

/// `POST /summarize` (read access): a raw ASR transcript in, product text out; 429 while the client has its quota
/// of LLM calls pending. The summary runs on the work lane (`WorkLane`): an extractive one is CPU work.
package enum SummarizeRoutes {
    /// Registers `/summarize`; `summarizer` answers the configured summarizer (nil: none is configured, 503), or
    /// throws `not_ready` while it is loading.
    package static func register(on table: inout EndpointTable,
                                summarizer: @escaping @Sendable () throws -> (any TranscriptSummarizing)?,
                                limits: InputLimits, bodyLimit: Int, lane: WorkLane = .shared) {
        table.post("/summarize", access: .read, bodyLimit: bodyLimit) { request in
            let body = try await RequestBody.decode(SummarizeBody.self, from: request) { $0 }
            let asr = body.asr.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !asr.isEmpty else { throw RetrievalError.invalid(message: "field 'asr' must not be empty") }
            try Check.length(asr, max: limits.maxTranscriptLength, field: "asr")
            if let maxWords = body.max_words, !(1...1000).contains(maxWords) {
                throw RetrievalError.invalid(message: "field 'max_words' must be between 1 and 1000")
            }
            guard let summarizer = try summarizer() else {
                throw RetrievalError.notReady(message: "no summarizer is configured")
            }
            let summary = try await lane.run { try await summarizer.summarize(asr, maxWords: body.max_words) }
            // The client already has its quota of LLM calls pending (`limits.llm_pending_per_client`): it asked
            // for the LLM's summary, so it is told to retry rather than handed the extractive one in its place.
            if RequestContext.current?.llmQuotaExceeded == true {
                throw APIError(.tooManyRequests, "This client already has its quota of LLM summaries pending; retry when they finish.",
                               headers: ["Retry-After": "1"])
            }
            return try .json(encoding: SummarizeJSON(summary: summary.text, source: summary.source.rawValue, model: summary.model))
        }
    }
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
