import Testing
@testable import Retrieval

/// The byte-level `LexicalAnalyzer` must give exactly what the original `Character` code
/// (`LexicalAnalyzerOracle`) gave, for every input: stored FTS text of existing catalogs depends on it.
@Suite("Lexical analyzer equals its Character-based oracle")
struct LexicalAnalyzerEquivalenceTests {
    /// Every output of the analyzer for `text` next to the oracle's; a description of the first difference, or nil.
    static func mismatch(_ text: String) -> String? {
        let input = "input \(text.debugDescription) (scalars \(text.unicodeScalars.map { String($0.value, radix: 16) }))"
        let terms = LexicalAnalyzer.terms(text), oracleTerms = LexicalAnalyzerOracle.terms(text)
        // Compare as scalar arrays too: String == is canonical equivalence, the stored text is bytes.
        if terms.map { Array($0.utf8) } != oracleTerms.map { Array($0.utf8) } {
            return "terms \(terms) != oracle \(oracleTerms) for \(input)"
        }
        let base = LexicalAnalyzer.baseTerms(text), oracleBase = LexicalAnalyzerOracle.baseTerms(text)
        if base.map { Array($0.utf8) } != oracleBase.map { Array($0.utf8) } {
            return "baseTerms \(base) != oracle \(oracleBase) for \(input)"
        }
        if Array(LexicalAnalyzer.indexText(text).utf8) != Array(LexicalAnalyzerOracle.indexText(text).utf8) {
            return "indexText differs for \(input)"
        }
        let codes = CodeAgreement.codes(text), oracleCodes = LexicalAnalyzerOracle.codes(text)
        if Set(codes.map { Array($0.utf8) }) != Set(oracleCodes.map { Array($0.utf8) }) {
            return "codes \(codes) != oracle \(oracleCodes) for \(input)"
        }
        for maxRepeat in [1, 3] {
            let query = LexicalQuery(text: text, maxRepeat: maxRepeat)?.terms
            let oracleQuery = LexicalAnalyzerOracle.queryTerms(text, maxRepeat: maxRepeat)
            if query?.map({ [Array($0.text.utf8), [UInt8($0.count)]] }) != oracleQuery?.map({ [Array($0.text.utf8), [UInt8($0.count)]] }) {
                return "LexicalQuery(maxRepeat: \(maxRepeat)) \(String(describing: query)) != oracle \(String(describing: oracleQuery)) for \(input)"
            }
        }
        for piece in [text] + oracleBase {
            let parts = LexicalAnalyzer.alphaNumericParts(piece), oracleParts = LexicalAnalyzerOracle.alphaNumericParts(piece)
            if parts.map { Array($0.utf8) } != oracleParts.map { Array($0.utf8) } {
                return "alphaNumericParts(\(piece.debugDescription)) \(parts) != oracle \(oracleParts) for \(input)"
            }
        }
        return nil
    }

    @Test func realisticListingsQueriesAndTranscripts() {
        let strings = LexicalAnalyzerSamples.realistic
        #expect(strings.count >= 300)
        for text in strings {
            if let diff = Self.mismatch(text) { Issue.record(Comment(rawValue: diff)) }
        }
    }

    @Test func randomStringsFromAMixedAlphabet() {
        var rng = SampleRandom(seed: 0x5EED_1E81CA1)
        var failures = 0
        for _ in 0..<12_000 {
            let text = LexicalAnalyzerSamples.random(&rng)
            if let diff = Self.mismatch(text) {
                Issue.record(Comment(rawValue: diff))
                failures += 1
                if failures == 20 { break }
            }
        }
    }

    /// The facts the scanner's one-scalar path relies on, for every Unicode scalar.
    @Test func oneScalarCharacterPropertiesAreTheScalarsProperties() {
        var failures: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(value) else { continue }
            let ch = Character(s), p = s.properties
            let chunkSeparator = p.isWhitespace || value == 0x37E || "(),;[]{}\"'".unicodeScalars.contains(s)
            if ch.isLetter != p.isAlphabetic || ch.isNumber != (p.numericType != nil) || ch.isWhitespace != p.isWhitespace
                || LexicalAnalyzer.isChunkSeparator(ch) != chunkSeparator
                || LexicalAnalyzer.isCodeJoiner(ch) != "-/._+".unicodeScalars.contains(s)
                || Array(ch.lowercased().utf8) != Array(p.lowercaseMapping.utf8)
                || (LexicalAnalyzer.isCJK(ch) != LexicalAnalyzer.isCJKValue(value)) {
                failures.append(String(value, radix: 16))
            }
        }
        #expect(failures.isEmpty, "scalars whose Character properties differ: \(failures.prefix(50))")
    }

    /// Every scalar `LexicalScanner.isSimple` admits has a grapheme boundary on both sides next to ASCII, a Hangul
    /// syllable and itself (so it is no Extend, SpacingMark, ZWJ, Prepend, jamo or regional indicator).
    @Test func simpleScalarsAlwaysBreak() {
        var failures: [String] = []
        for value in UInt32(0x80)...0x10FFFF where LexicalScanner.isSimple(value) {
            let s = String(Unicode.Scalar(value)!)
            if ("a" + s).count != 2 || (s + "a").count != 2 || (s + s).count != 2 || ("\u{AC00}" + s).count != 2
                || (s + "\u{AC00}").count != 2 || (s + "\u{1100}").count != 2 {
                failures.append(String(value, radix: 16))
            }
        }
        #expect(failures.isEmpty, "simple scalars that join a neighbour: \(failures.prefix(50))")
    }

    @Test func theOracleCatchesADifference() {
        // The comparison is not vacuous: a different analysis of the same text is reported.
        #expect(LexicalAnalyzerOracle.terms("WH-1000XM4") != LexicalAnalyzerOracle.terms("WH 1000XM4"))
        #expect(Self.mismatch("WH-1000XM4 e\u{301}") == nil)
    }
}
