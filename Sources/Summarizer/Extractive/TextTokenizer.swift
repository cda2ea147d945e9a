import Retrieval

/// Splits text into lower-case terms the same way for the catalog and for transcripts.
///
/// Latin text: runs of letters and digits (apostrophes inside words kept, so "don't" stays one term). CJK text:
/// one term per character (the vocabulary adds character bigrams). Everything else separates terms.
public enum TextTokenizer {
    /// Lower-case terms of `text` in order.
    public static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var pendingApostrophe = false
        func flush() {
            if !current.isEmpty { out.append(current); current = "" }
            pendingApostrophe = false
        }
        for ch in text.lowercased() {
            if ch.isCJK {
                flush()
                out.append(String(ch))
            } else if ch.isLetter || ch.isNumber {
                if pendingApostrophe { current.append("'"); pendingApostrophe = false }
                current.append(ch)
            } else if (ch == "'" || ch == "\u{2019}") && !current.isEmpty {
                pendingApostrophe = true
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    /// Terms for matching: `words`, plus the letter and digit parts of mixed terms ("256gb" adds "256" and "gb").
    public static func matchTerms(_ text: String) -> [String] {
        var out: [String] = []
        for w in words(text) {
            out.append(w)
            let parts = LexicalAnalyzer.alphaNumericParts(w)
            if parts.count > 1 { out.append(contentsOf: parts) }
        }
        return out
    }

    /// Model-like codes in `text`: whitespace-separated chunks holding both letters and digits, with `-`, `/`
    /// and `.` removed ("WH-1000XM4" -> "wh1000xm4"), the form spelled-out ASR is joined back into.
    public static func modelCodes(_ text: String) -> [String] {
        var out: [String] = []
        for chunk in text.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "(" || $0 == ")" || $0 == "," }) {
            let code = String(chunk.filter { $0.isLetter || $0.isNumber })
            guard code.count >= 3, code.count <= 24, code.contains(where: \.isNumber), code.contains(where: \.isLetter),
                  !code.contains(where: \.isCJK) else { continue }
            out.append(code)
        }
        return out
    }
}
