/// Turns text into the terms the lexical (FTS5/BM25) channel indexes and queries.
///
/// FTS5's `unicode61` tokenizer sees a run of Chinese characters as one token, which would make Chinese text
/// unsearchable by any part of it. So CJK runs are rewritten as overlapping character bigrams (plus the single
/// character for runs of one), separated by spaces, before indexing and before querying; Latin text is lowercased
/// and split on anything that is not a letter or digit. Both sides use the same rules, so they always agree.
///
/// The rules are defined over Swift `Character`s (extended grapheme clusters), as the first implementation wrote
/// them, and the stored FTS text of existing catalogs depends on every detail of that output. This implementation
/// walks UTF-8 bytes instead (`LexicalScanner`) and falls back to the `Character` code only for the rare pieces
/// where a grapheme has more than one scalar; `Tests/RetrievalTests/LexicalAnalyzerOracle.swift` keeps the
/// original as the oracle it is checked against.
public enum LexicalAnalyzer {
    /// The terms of `text`, in order, with repeats: `baseTerms`, then for every model-like code the joined form
    /// ("WH-1000XM4" adds "wh1000xm4", which is how a summarized transcript spells it) and for every term mixing
    /// letters and digits its parts ("256gb" adds "256" and "gb"), so that either spelling matches.
    public static func terms(_ text: String) -> [String] {
        var scanner = LexicalScanner(collectParts: true, collectCodes: true)
        scanner.scan(text)
        var out = scanner.terms
        out.append(contentsOf: scanner.parts)
        out.append(contentsOf: scanner.codes)
        return out
    }

    /// Splits a term where letters meet digits: "wh1000xm4" -> ["wh", "1000", "xm", "4"].
    ///
    /// "Digit" means `Character.isNumber`: for ASCII exactly 0-9; anything else takes the `Character` path.
    public static func alphaNumericParts(_ term: String) -> [String] {
        var contiguous = term
        return contiguous.withUTF8 { bytes in
            guard LexicalScanner.isASCII(bytes) else { return characterParts(term) }
            return LexicalScanner.asciiParts(bytes)
        }
    }

    /// Letters-and-digits runs (lowercased) and CJK bigrams, in order.
    static func baseTerms(_ text: String) -> [String] {
        var scanner = LexicalScanner(collectParts: false, collectCodes: false)
        scanner.scan(text)
        return scanner.terms
    }

    /// The distinct base terms of `text` holding a digit (`Character.isNumber`): what `CodeAgreement` compares.
    static func digitTerms(_ text: String) -> Set<String> {
        // ASCII without a digit has no digit term (most titles at catalog load): skip the scan.
        if text.utf8.allSatisfy({ $0 < 0x80 && ($0 < 0x30 || $0 > 0x39) }) { return [] }
        var scanner = LexicalScanner(collectParts: false, collectCodes: false, onlyDigitTerms: true)
        scanner.scan(text)
        return Set(scanner.terms)
    }

    /// The text to store in the FTS table: terms joined by spaces.
    public static func indexText(_ text: String) -> String {
        terms(text).joined(separator: " ")
    }

    static func isCJK(_ ch: Character) -> Bool {
        guard let scalar = ch.unicodeScalars.first else { return false }
        return isCJKScalar(scalar)
    }

    static func isCJKScalar(_ s: Unicode.Scalar) -> Bool {
        isCJKValue(s.value)
    }

    @inline(__always)
    static func isCJKValue(_ v: UInt32) -> Bool {
        switch v {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xAC00...0xD7AF, 0x20000...0x2FA1F:
            true
        default: false
        }
    }
}
