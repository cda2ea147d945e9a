import HTTPServer
import Retrieval

/// `POST /embed` (read access): the fused vector of a text, transcript and/or images, with its branches and the
/// transcript's summary. The summary and the encoding run on the work lane (`WorkLane`).
package enum EmbedRoutes {
    /// Registers `/embed`; `services` answers the encoder and the summarizer (nil: transcripts are embedded as they
    /// are), or throws `not_ready` while they are loading.
    package static func register(
        on table: inout EndpointTable,
        services: @escaping @Sendable () throws -> (encoder: any AppearanceEncoding, summarizer: (any TranscriptSummarizing)?),
        limits: InputLimits, bodyLimit: Int, lane: WorkLane = .shared
    ) {
        table.post("/embed", access: .read, bodyLimit: bodyLimit) { request in
            let input = try await RequestBody.decode(EmbedBody.self, from: request) { try $0.validated(limits: limits) }
            let (encoder, summarizer) = try services()
            return try await lane.run { try await embed(input, encoder: encoder, summarizer: summarizer) }
        }
    }

    /// The summary (when `asr` is given and a summarizer is configured) and the fused vector of a validated body.
    static func embed(_ input: (text: String?, asr: String?, images: [[UInt8]]), encoder: any AppearanceEncoding,
                      summarizer: (any TranscriptSummarizing)?) async throws -> HTTPResponse {
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
        return try .json(encoding: EmbedJSON(embedding: embedding.fused, dim: embedding.fused.count,
                                         branches: .init(text: embedding.text, visual: embedding.visual),
                                         summary: summary.map(SummaryJSON.init)))
    }
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
            throw .invalid(code: .emptyQuery, message: "give at least one of text, asr, images")
        }
        try Check.length(text, max: limits.maxTextLength, field: "text")
        try Check.length(asr, max: limits.maxTranscriptLength, field: "asr")
        guard (images ?? []).count <= limits.maxImages else {
            throw .tooLarge(code: .tooManyImages, message: "at most \(limits.maxImages) images are allowed")
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
    var summary: SummaryJSON?
}
