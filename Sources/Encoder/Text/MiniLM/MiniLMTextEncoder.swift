/// The neural text branch: all-MiniLM-L6-v2 (sentence-transformers) computed in Swift.
///
/// Loads `config.json`, `vocab.txt` and `model.safetensors` from one directory. `encode` tokenizes,
/// groups texts into forward passes of at most `maxTokensPerPass` tokens, and returns 384-d unit vectors
/// equal (cosine ≥ 0.9999) to sentence-transformers' `model.encode(..., normalize_embeddings=True)`.
public struct MiniLMTextEncoder: TextEncoder {
    /// The three files a model directory must hold.
    public static let requiredFiles = ["config.json", "vocab.txt", "model.safetensors"]

    /// Shown in logs and `/health`.
    public let name = "all-MiniLM-L6-v2"
    /// Tokenizer (uncased WordPiece, 256 tokens max).
    public let tokenizer: BertTokenizer
    /// The forward pass.
    public let model: MiniLMModel
    /// Tokens per forward pass; bounds scratch memory (~80 KiB per token) while keeping GEMMs large.
    public let maxTokensPerPass: Int

    /// 384.
    public var dimension: Int { model.dimension }

    /// Loads the model from `directory`; `threads` is how many cores one forward pass may use, `schedule` how its
    /// parallel regions are scheduled (all give identical embeddings).
    public init(directory: String, threads: Int = 2, maxTokens: Int = 256, maxTokensPerPass: Int = 4096,
                schedule: ParallelSchedule = .preferred) throws {
        let config = try MiniLMConfig.load(path: directory + "/config.json")
        let tensors = try SafeTensors(contentsOf: directory + "/model.safetensors")
        let weights = try MiniLMWeights(tensors: tensors, config: config)
        let wordPiece = try WordPieceTokenizer(vocabularyFile: directory + "/vocab.txt")
        guard wordPiece.tokens.count == config.vocab_size else {
            throw EncoderError.modelFiles("vocab.txt has \(wordPiece.tokens.count) entries, config says \(config.vocab_size)")
        }
        tokenizer = try BertTokenizer(wordPiece: wordPiece, maxTokens: min(maxTokens, config.max_position_embeddings))
        model = MiniLMModel(weights: weights, threads: threads, schedule: schedule)
        self.maxTokensPerPass = max(maxTokensPerPass, tokenizer.maxTokens)
    }

    /// One unit vector per text. An empty or all-whitespace text still encodes (as `[CLS] [SEP]`).
    public func encode(_ texts: [String]) throws -> [[Float]] {
        encode(tokenIDs: texts.map(tokenizer.encode))
    }

    /// One unit vector per text, reading at most `maxTokens` tokens of each (`[CLS]` and `[SEP]` included; at least
    /// 3, at most the tokenizer's limit).
    public func encode(_ texts: [String], maxTokens: Int) throws -> [[Float]] {
        let limit = min(max(maxTokens, 3), tokenizer.maxTokens)
        // Tokenizing stops at the budget: a query reads 32 tokens, so the rest of a long listing is never scanned.
        return encode(tokenIDs: texts.map { tokenizer.encode($0, maxTokens: limit) })
    }

    /// Encodes already-tokenized sequences (used by the benchmark to control the length exactly).
    /// Sequences longer than `tokenizer.maxTokens` are cut (keeping the last id, normally [SEP]); an empty
    /// one becomes `[CLS] [SEP]`; out-of-range ids read as [UNK]. Never traps on caller input.
    public func encode(tokenIDs raw: [[Int32]]) -> [[Float]] {
        let max = tokenizer.maxTokens
        let sequences = raw.map { s -> [Int32] in
            if s.isEmpty { return [tokenizer.clsID, tokenizer.sepID] }
            return s.count <= max ? s : Array(s.prefix(max - 1)) + [s.last!]
        }
        var out: [[Float]] = []
        out.reserveCapacity(sequences.count)
        var start = 0
        while start < sequences.count {
            var end = start, tokens = 0
            while end < sequences.count && (end == start || tokens + sequences[end].count <= maxTokensPerPass) {
                tokens += sequences[end].count
                end += 1
            }
            out.append(contentsOf: model.embed(Array(sequences[start..<end])))
            start = end
        }
        return out
    }
}
