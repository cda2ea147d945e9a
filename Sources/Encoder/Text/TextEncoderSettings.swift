/// Which text branch to run and where its files are (config keys under `encoder.*`; environment
/// `AMPERE_TEXT_ENCODER`, `AMPERE_MODEL_DIR`, `AMPERE_ENCODER_THREADS`).
public struct TextEncoderSettings: Sendable, Equatable {
    /// The choice of text branch.
    public enum Kind: String, Sendable, CaseIterable {
        /// MiniLM when its files are present and load, else the hashing encoder (logged).
        case auto
        /// MiniLM or fail: start-up errors out when the files are missing or broken.
        case minilm
        /// The hashing encoder, no files needed.
        case hashing
    }

    /// `auto` by default.
    public var kind: Kind
    /// Directory with `config.json`, `vocab.txt`, `model.safetensors`.
    public var modelDirectory: String
    /// Cores one MiniLM forward pass may use.
    public var threads: Int
    /// Length of hashing-encoder vectors (384, like MiniLM, so the fused dimension does not change).
    public var hashingDimension: Int
    /// Tokens of each text the MiniLM branch reads (at most 256); the rest is cut. Product names, brands and model
    /// numbers come first in page text and summaries, and fewer tokens make each forward pass cheaper.
    public var maxTokens: Int = 256

    /// Default model directory, relative to the working directory (where `scripts/fetch-models` puts it).
    public static let defaultModelDirectory = "models/all-MiniLM-L6-v2"

    /// Explicit settings.
    public init(kind: Kind = .auto, modelDirectory: String = Self.defaultModelDirectory, threads: Int = 2,
                hashingDimension: Int = 384) {
        self.kind = kind
        self.modelDirectory = modelDirectory
        self.threads = threads
        self.hashingDimension = hashingDimension
    }
}
