import Retrieval

/// Splits text into lower-case terms the same way for the catalog and for transcripts.
///
/// Latin text: runs of letters and digits (apostrophes inside words kept, so "don't" stays one term). CJK text:
/// one term per character (the vocabulary adds character bigrams). Everything else separates terms.
public enum TextTokenizer {
    /// Lower-case terms of `text` in order.
    public static func words(_ text: String) -> [String] {
        if let ascii = asciiWords(text) { return ascii }
        return unicodeWords(text)
    }

    /// `words` for text that is all ASCII, on bytes: the same result without a Unicode property lookup per
    /// character (most catalog text is ASCII, and the vocabulary tokenizes every product at start).
    static func asciiWords(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var out: [String] = []
            var current: [UInt8] = []
            current.reserveCapacity(32)
            var pendingApostrophe = false
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                    if pendingApostrophe { current.append(0x27); pendingApostrophe = false }
                    current.append(lower)
                } else if lower == 0x27 && !current.isEmpty {
                    pendingApostrophe = true
                } else {
                    if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
                    pendingApostrophe = false
                }
            }
            if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)) }
            return out
        }
    }

    /// `words` for any text, character by character.
    static func unicodeWords(_ text: String) -> [String] {
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
        if let ascii = asciiModelCodes(text) { return ascii }
        return unicodeModelCodes(text)
    }

    /// `modelCodes` for all-ASCII text, on bytes (same result, no Unicode property lookups).
    static func asciiModelCodes(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var out: [String] = []
            var code: [UInt8] = []
            var letters = false, digits = false
            func finish() {
                if code.count >= 3, code.count <= 24, letters, digits { out.append(String(decoding: code, as: UTF8.self)) }
                code.removeAll(keepingCapacity: true)
                letters = false
                digits = false
            }
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                switch byte {
                case 0x09...0x0D, 0x20, 0x28, 0x29, 0x2C: finish()  // whitespace, "(", ")", ","
                case 0x41...0x5A, 0x61...0x7A: code.append(byte | 0x20); letters = true
                case 0x30...0x39: code.append(byte); digits = true
                default: break  // "-", "/", "." and other punctuation are dropped from inside a code
                }
            }
            finish()
            return out
        }
    }

    /// `modelCodes` for any text, character by character.
    static func unicodeModelCodes(_ text: String) -> [String] {
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
