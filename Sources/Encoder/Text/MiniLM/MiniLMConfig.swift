import FoundationEssentials

/// The fields of a BERT `config.json` the forward pass depends on; checked so a different checkpoint
/// fails loudly instead of producing garbage.
public struct MiniLMConfig: Decodable, Sendable, Equatable {
    /// Model width (384 for all-MiniLM-L6-v2).
    public let hidden_size: Int
    /// Transformer blocks (6).
    public let num_hidden_layers: Int
    /// Attention heads (12, so 32 dims per head).
    public let num_attention_heads: Int
    /// FFN width (1536).
    public let intermediate_size: Int
    /// Rows of the position table (512).
    public let max_position_embeddings: Int
    /// Vocabulary rows (30522).
    public let vocab_size: Int
    /// Token-type rows (2).
    public let type_vocab_size: Int
    /// LayerNorm epsilon (1e-12).
    public let layer_norm_eps: Float
    /// Activation; only `"gelu"` (the erf form) is implemented.
    public let hidden_act: String

    /// Reads and validates `config.json`.
    public static func load(path: String) throws -> MiniLMConfig {
        let config: MiniLMConfig
        do { config = try JSONDecoder().decode(MiniLMConfig.self, from: Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw EncoderError.modelFiles("cannot read \(path): \(error)")
        }
        guard config.hidden_act == "gelu" else { throw EncoderError.modelFiles("\(path): hidden_act \(config.hidden_act) not supported") }
        // The attention kernels work in 8-float SIMD steps, so each head must be a multiple of 8 wide.
        guard config.hidden_size % config.num_attention_heads == 0, (config.hidden_size / config.num_attention_heads) % 8 == 0 else {
            throw EncoderError.modelFiles("\(path): hidden_size \(config.hidden_size) does not split into \(config.num_attention_heads) heads")
        }
        return config
    }

    /// Width of one attention head.
    public var headDimension: Int { hidden_size / num_attention_heads }
}
