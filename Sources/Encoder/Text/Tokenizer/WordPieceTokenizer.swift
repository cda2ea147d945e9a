import FoundationEssentials

/// Greedy longest-match-first WordPiece over a BERT `vocab.txt` (line number = token id).
///
/// Vocabulary keys are UTF-8 bytes, not `String`s: Swift's `String` equality is canonical equivalence,
/// which would merge vocabulary entries Hugging Face keeps apart (e.g. CJK compatibility ideographs).
public struct WordPieceTokenizer: Sendable {
    /// Token id of each vocabulary entry, keyed by its UTF-8 bytes.
    let vocabulary: [[UInt8]: Int32]
    /// Entries by id, for debugging and tests.
    public let tokens: [String]
    /// Id of `[UNK]`, used for a word that cannot be spelled with the vocabulary or is over-long.
    public let unknownID: Int32
    /// Words longer than this many characters become `[UNK]` (Hugging Face's `max_input_chars_per_word`).
    public let maxCharactersPerWord = 100

    /// Builds the tokenizer from the lines of a vocab file.
    public init(vocabularyLines: [String]) throws {
        var map: [[UInt8]: Int32] = [:]
        map.reserveCapacity(vocabularyLines.count)
        for (i, line) in vocabularyLines.enumerated() where map[Array(line.utf8)] == nil {
            map[Array(line.utf8)] = Int32(i)
        }
        guard let unk = map[Array("[UNK]".utf8)] else { throw EncoderError.modelFiles("vocabulary has no [UNK]") }
        vocabulary = map
        tokens = vocabularyLines
        unknownID = unk
    }

    /// Reads `vocab.txt` (one token per line, `\n` or `\r\n`).
    public init(vocabularyFile path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw EncoderError.modelFiles("cannot read \(path): \(error)")
        }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        if lines.last == "" { lines.removeLast() }
        try self.init(vocabularyLines: lines)
    }

    /// The id of an exact vocabulary entry, if any.
    public func id(of token: String) -> Int32? { vocabulary[Array(token.utf8)] }

    /// Appends the pieces of one basic-tokenizer word to `ids`, at most `limit` of them.
    public func appendPieces(of word: [Unicode.Scalar], to ids: inout [Int32], limit: Int) {
        guard ids.count < limit else { return }
        guard word.count <= maxCharactersPerWord else { ids.append(unknownID); return }
        var pieces: [Int32] = []
        var start = 0
        var key: [UInt8] = []
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                key.removeAll(keepingCapacity: true)
                if start > 0 { key.append(35); key.append(35) }  // "##" marks a word-internal piece
                for s in word[start..<end] { key.append(contentsOf: UTF8.encode(s)!) }
                if let id = vocabulary[key] { found = id; break }
                end -= 1
            }
            guard let id = found else { ids.append(unknownID); return }  // unspellable: the whole word is [UNK]
            pieces.append(id)
            start = end
        }
        ids.append(contentsOf: pieces.prefix(limit - ids.count))
    }
}
