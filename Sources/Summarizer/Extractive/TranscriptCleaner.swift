/// Turns raw ASR words into clean tokens: repairs split and merged words against the catalog vocabulary,
/// collapses stutters, writes spoken numbers and units as digits, drops prices and joins spelled model codes.
struct TranscriptCleaner {
    let vocabulary: VocabularySnapshot

    func clean(_ transcript: String) -> [CleanToken] {
        var words: [String] = []
        for w in TextTokenizer.words(transcript) {
            if let parts = NumberWords.splitMerged(w) ?? splitMerged(w) { words.append(contentsOf: parts) } else { words.append(w) }
        }
        words = collapseStutters(words)
        words = joinSplitWords(words)
        var tokens = numbersAndUnits(words)
        tokens = joinCodes(tokens)
        return tokens
    }

    /// "can't can't can't" -> "can't": repeated words add nothing and break number and code runs.
    func collapseStutters(_ words: [String]) -> [String] {
        var out: [String] = []
        for w in words where out.last != w { out.append(w) }
        return out
    }

    /// Joins neighbours the recognizer split ("ass embly" -> "assembly") when only the joined form is catalog text.
    func joinSplitWords(_ words: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < words.count {
            if i + 1 < words.count, isPlainWord(words[i]), isPlainWord(words[i + 1]) {
                let joined = words[i] + words[i + 1]
                let partsKnown = known(words[i]) && known(words[i + 1])
                if joined.count >= 5, vocabulary.contains(joined), !partsKnown {
                    out.append(joined); i += 2; continue
                }
            }
            out.append(words[i]); i += 1
        }
        return out
    }

    /// Splits a word the recognizer merged ("forextra" -> "for extra") when it is unknown and both halves are known.
    func splitMerged(_ word: String) -> [String]? {
        guard word.count >= 6, isPlainWord(word), !known(word) else { return nil }
        let chars = Array(word)
        var best: (String, String)? = nil
        for cut in 2...(chars.count - 2) {
            let left = String(chars[..<cut]), right = String(chars[cut...])
            guard known(left), known(right) else { continue }
            if best == nil || min(left.count, right.count) > min(best!.0.count, best!.1.count) { best = (left, right) }
        }
        return best.map { [$0.0, $0.1] }
    }

    private func known(_ w: String) -> Bool {
        vocabulary.contains(w) || NoiseLexicon.english.contains(w) || NumberWords.isNumberWord(w)
    }

    private func isPlainWord(_ w: String) -> Bool {
        w.count >= 2 && w.allSatisfy { $0.isLetter && !$0.isCJK } && !NumberWords.isNumberWord(w)
    }
}
