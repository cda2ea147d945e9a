/// Cuts a transcript into windows of at most `maxWords` words for the map step.
///
/// A "word" is a whitespace-separated token, except that each CJK character counts as one word, so Chinese text
/// (no spaces) is cut too. Cuts fall on word boundaries; CJK runs may be cut between characters.
enum TranscriptWindows {
    static func split(_ text: String, maxWords: Int) -> [String] {
        let limit = max(1, maxWords)
        var windows: [String] = []
        var current = ""
        var words = 0
        var inWord = false
        for ch in text {
            if ch.isWhitespace {
                inWord = false
                if let last = current.last, last != " " { current.append(" ") }
                continue
            }
            let cjk = ch.isCJK
            if cjk || !inWord {
                if words == limit {
                    windows.append(current.trimmingSpaces)
                    current = ""
                    words = 0
                }
                words += 1
            }
            inWord = !cjk
            current.append(ch)
        }
        let last = current.trimmingSpaces
        if !last.isEmpty { windows.append(last) }
        return windows
    }
}

extension Character {
    /// True for Han ideographs, kana and Hangul syllables: scripts written without spaces between words.
    var isCJK: Bool {
        guard let v = unicodeScalars.first?.value else { return false }
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x3040...0x30FF).contains(v)
            || (0xAC00...0xD7AF).contains(v) || (0xF900...0xFAFF).contains(v) || (0x20000...0x2A6DF).contains(v)
    }
}
