// The Character-based `LexicalAnalyzer` as it was before the UTF-8 rewrite (commit 5ff5e03), kept verbatim (renamed,
// `matchExpression` left out) as the oracle the rewrite must match byte for byte: stored FTS text depends on it.
// Do not "fix" anything here.

@testable import Retrieval

enum LexicalAnalyzerOracle {
    /// The terms of `text`, in order, with repeats: `baseTerms`, then for every model-like code the joined form
    /// ("WH-1000XM4" adds "wh1000xm4", which is how a summarized transcript spells it) and for every term mixing
    /// letters and digits its parts ("256gb" adds "256" and "gb"), so that either spelling matches.
    static func terms(_ text: String) -> [String] {
        var out = baseTerms(text)
        for term in out where term.unicodeScalars.count > 2 {
            let parts = alphaNumericParts(term)
            if parts.count > 1 { out.append(contentsOf: parts) }
        }
        for chunk in text.split(whereSeparator: { $0.isWhitespace || "(),;[]{}\"'".contains($0) }) {
            let code = String(chunk.filter { ($0.isLetter || $0.isNumber) && !isCJK($0) }).lowercased()
            guard code.count >= 3, code.count <= 32, code.contains(where: \.isNumber), code.contains(where: \.isLetter),
                  chunk.contains(where: { "-/._+".contains($0) }) else { continue }
            out.append(code)
        }
        return out
    }

    /// Splits a term where letters meet digits: "wh1000xm4" -> ["wh", "1000", "xm", "4"].
    static func alphaNumericParts(_ term: String) -> [String] {
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

    /// Letters-and-digits runs (lowercased) and CJK bigrams, in order.
    static func baseTerms(_ text: String) -> [String] {
        var out: [String] = []
        var word = ""
        var cjkRun: [Character] = []
        func flushWord() {
            if !word.isEmpty { out.append(word); word = "" }
        }
        func flushCJK() {
            if cjkRun.count == 1 { out.append(String(cjkRun[0])) }
            if cjkRun.count > 1 {
                for i in 0..<(cjkRun.count - 1) { out.append(String(cjkRun[i]) + String(cjkRun[i + 1])) }
            }
            cjkRun.removeAll(keepingCapacity: true)
        }
        for ch in text {
            // Fast path, same result: a one-scalar ASCII character is a letter or digit exactly when it is [A-Za-z0-9],
            // and lowercases by itself; neither CJK nor anything else applies.
            if let ascii = ch.asciiValue {
                switch ascii {
                case 48...57, 97...122: flushCJK(); word.unicodeScalars.append(Unicode.Scalar(ascii))
                case 65...90: flushCJK(); word.unicodeScalars.append(Unicode.Scalar(ascii + 32))
                default: flushWord(); flushCJK()
                }
                continue
            }
            if isCJK(ch) {
                flushWord()
                cjkRun.append(ch)
            } else if ch.isLetter || ch.isNumber {
                flushCJK()
                word += ch.lowercased()
            } else {
                flushWord()
                flushCJK()
            }
        }
        flushWord()
        flushCJK()
        return out
    }

    /// The text to store in the FTS table: terms joined by spaces.
    static func indexText(_ text: String) -> String {
        terms(text).joined(separator: " ")
    }

    static func isCJK(_ ch: Character) -> Bool {
        guard let scalar = ch.unicodeScalars.first else { return false }
        return isCJKScalar(scalar)
    }

    static func isCJKScalar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xAC00...0xD7AF, 0x20000...0x2FA1F:
            true
        default: false
        }
    }
    /// `CodeAgreement.codes` as it was (over the old `baseTerms`).
    static func codes(_ title: String) -> Set<String> {
        Set(baseTerms(title).filter { $0.contains(where: \.isNumber) })
    }

    /// `LexicalQuery(text:maxRepeat:)`'s terms and counts as they were computed (over the old `terms`).
    static func queryTerms(_ text: String, maxRepeat: Int) -> [LexicalQuery.Term]? {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for term in terms(text) where !StopWords.english.contains(term) {
            if term.unicodeScalars.count < 2, !(term.unicodeScalars.first.map(isCJKScalar) ?? false) { continue }
            if counts[term] == nil { order.append(term) }
            counts[term, default: 0] += 1
        }
        guard !order.isEmpty else { return nil }
        return order.map { LexicalQuery.Term(text: $0, count: min(counts[$0]!, max(1, maxRepeat))) }
    }
}
