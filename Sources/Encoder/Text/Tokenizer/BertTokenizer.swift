/// The full uncased BERT tokenizer of all-MiniLM-L6-v2: basic tokenizer, WordPiece, `[CLS] … [SEP]`,
/// truncation to `maxTokens` (256, the sentence-transformers setting for this model).
///
/// Long inputs are truncated, not windowed: the model was trained and is served by sentence-transformers
/// with this cut-off, so truncation reproduces the reference embeddings; product text puts the words that
/// identify the product (title, brand) first; and windowing would multiply the cost of long ASR dumps,
/// which the summarizer shortens before they get here anyway.
public struct BertTokenizer: Sendable {
    /// Normalisation and word splitting.
    public let basic = BertBasicTokenizer()
    /// Sub-word splitting over the vocabulary.
    public let wordPiece: WordPieceTokenizer
    /// Maximum sequence length including `[CLS]` and `[SEP]`.
    public let maxTokens: Int
    /// `[CLS]` id (101 in the BERT vocabulary).
    public let clsID: Int32
    /// `[SEP]` id (102).
    public let sepID: Int32

    /// Wraps a WordPiece vocabulary; `maxTokens` must leave room for `[CLS]` and `[SEP]`.
    public init(wordPiece: WordPieceTokenizer, maxTokens: Int = 256) throws {
        guard let cls = wordPiece.id(of: "[CLS]"), let sep = wordPiece.id(of: "[SEP]") else {
            throw EncoderError.modelFiles("vocabulary lacks [CLS] or [SEP]")
        }
        precondition(maxTokens >= 3, "BertTokenizer: maxTokens must be at least 3")
        self.wordPiece = wordPiece
        self.maxTokens = maxTokens
        self.clsID = cls
        self.sepID = sep
    }

    /// `[CLS]`, the first `maxTokens - 2` word pieces of `text`, `[SEP]`.
    public func encode(_ text: String) -> [Int32] { encode(text, maxTokens: maxTokens) }

    /// `[CLS]`, the first `min(maxTokens, self.maxTokens) - 2` word pieces of `text`, `[SEP]` (`maxTokens` at least 3):
    /// the same ids as cutting `encode(text)` to that length, but the scan stops as soon as the budget is full.
    public func encode(_ text: String, maxTokens: Int) -> [Int32] {
        var ids: [Int32] = [clsID]
        let limit = min(max(maxTokens, 3), self.maxTokens) - 1
        basic.forEachWord(text) { word in
            wordPiece.appendPieces(of: word, to: &ids, limit: limit)
            return ids.count < limit
        }
        ids.append(sepID)
        return ids
    }

    /// The token strings of `encode(text)`, for tests and debugging.
    public func tokens(_ text: String) -> [String] { encode(text).map { wordPiece.tokens[Int($0)] } }
}
