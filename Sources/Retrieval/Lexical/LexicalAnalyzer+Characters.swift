extension LexicalAnalyzer {
    // The original `Character`-based rules, kept for the pieces the byte scanner does not decide itself (a term or
    // a whitespace-delimited chunk holding a non-ASCII letter, digit or a multi-scalar grapheme). These define the
    // output; the byte paths only reproduce them faster. Their quirks are kept on purpose, because stored FTS text
    // depends on them: a grapheme counts as a letter or digit by its FIRST scalar alone (so "1\u{FE0F}\u{20E3}"
    // is a digit and a combining mark after a letter stays in the term), `lowercased()` may lengthen a term
    // ("İ" -> "i\u{307}"), and counts and digit tests run on the re-segmented lowercased string.

    /// `alphaNumericParts` over `Character`s.
    static func characterParts(_ term: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var currentIsDigit: Bool?
        for ch in term {
            let digit = ch.isNumber
            if let kind = currentIsDigit, kind != digit { parts.append(current); current = "" }
            current.append(ch)
            currentIsDigit = digit
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    /// The joined model code of one chunk of text between whitespace and `(),;[]{}"'` ("WH-1000XM4" ->
    /// "wh1000xm4"), or nil when the chunk is not code-like: 3 to 32 characters of non-CJK letters and digits,
    /// both present, and at least one of `-/._+` in the chunk.
    static func characterCode(_ chunk: Substring) -> String? {
        let code = String(chunk.filter { ($0.isLetter || $0.isNumber) && !isCJK($0) }).lowercased()
        guard code.count >= 3, code.count <= 32, code.contains(where: \.isNumber), code.contains(where: \.isLetter),
              chunk.contains(where: { "-/._+".contains($0) }) else { return nil }
        return code
    }

    /// True when `ch` separates code chunks: `Character.isWhitespace` (first scalar) or equal (canonically, so
    /// U+037E GREEK QUESTION MARK counts as ";") to one of `(),;[]{}"'`.
    static func isChunkSeparator(_ ch: Character) -> Bool {
        ch.isWhitespace || "(),;[]{}\"'".contains(ch)
    }

    /// True when `ch` is one of `-/._+` (the joiners that make a chunk look like a code).
    static func isCodeJoiner(_ ch: Character) -> Bool {
        "-/._+".contains(ch)
    }
}
