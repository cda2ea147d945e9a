import Encoder
import Retrieval

/// Retrieval's encoder port over the `MultimodalEncoder` actor; decoding and inference run on the actor's queue.
final class EncoderAdapter: AppearanceEncoding, Sendable {
    let encoder: MultimodalEncoder
    let branch: VisualBranch
    let spaceID: String
    let dimension: Int
    /// Tokens of a query's text the text branch reads; nil reads as much as for an appearance.
    let queryMaxTokens: Int?

    /// `textName` and `textDimension` describe the text branch the encoder will load (they name the vector space).
    init(encoder: MultimodalEncoder, branch: VisualBranch, textName: String, textDimension: Int, weights: FusionWeights,
         queryMaxTokens: Int? = nil) {
        self.encoder = encoder
        self.queryMaxTokens = queryMaxTokens
        self.branch = branch
        self.dimension = textDimension + branch.dimension
        self.spaceID = "\(textName)/\(textDimension)+\(branch.encoder.name)/\(branch.dimension)@\(weights.text):\(weights.visual)"
    }

    func embed(text: String?, images: [[UInt8]]) async throws -> Embedding {
        try await embed(text: text, images: images, maxTokens: nil)
    }

    func embedQuery(text: String?, images: [[UInt8]]) async throws -> Embedding {
        try await embed(text: text, images: images, maxTokens: queryMaxTokens)
    }

    private func embed(text: String?, images: [[UInt8]], maxTokens: Int?) async throws -> Embedding {
        do {
            let fused = try await encoder.embed(texts: text.map { [$0] }, encodedImages: images, branch: branch,
                                                maxTokens: maxTokens)
            return Embedding(fused: fused.vector, text: fused.text, visual: fused.visual)
        } catch let error as VisualBranchError {
            throw RetrievalError.unprocessable(code: Self.code(error.reason), message: error.description)
        } catch let error as EncoderError {
            switch error {
            case .notReady(let m): throw RetrievalError.notReady(message: "the encoder is not ready: \(m)")
            case .invalidInput(let m): throw RetrievalError.invalid(message: m)
            case .modelFiles(let m): throw RetrievalError.internalError(message: "encoder model files: \(m)")
            }
        }
    }

    /// Retrieval's code for an image the visual branch could not decode.
    static func code(_ reason: ImageDecodingError) -> RetrievalError.Code {
        switch reason {
        case .unsupportedFormat: .unsupportedImageFormat
        case .tooManyBytes, .tooLarge: .imageTooLarge
        case .sizeMismatch: .imageSizeMismatch
        case .corrupt: .corruptImage
        }
    }
}
