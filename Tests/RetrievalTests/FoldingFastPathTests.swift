@testable import Retrieval
import Testing
import VectorMath

/// The ASCII fast paths of catalog loading must give what the general rules give: `FilterMatcher.key` (trim
/// Character whitespace, lowercase) and `CodeAgreement.codes` (no digit, no code) on seeded random strings.
@Suite struct FoldingFastPathTests {
    static func reference(_ value: String) -> String {
        let trimmed = value.drop(while: \.isWhitespace)
        return String(trimmed.reversed().drop(while: \.isWhitespace).reversed()).lowercased()
    }

    static let alphabet: [String] = [" ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "A", "z", "Q", "é", "Ü", "0", "7",
                                     "-", "_", ".", "\u{A0}", "\u{2003}", "ß", "İ", "x", "M", "b"]

    @Test func theASCIIKeyEqualsTheCharacterRules() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<5_000 {
            let n = Int(rng.next() % 9)
            let s = (0..<n).map { _ in Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))] }.joined()
            #expect(FilterMatcher.key(s) == Self.reference(s), "\(s.debugDescription)")
        }
        #expect(FilterMatcher.key("  Acme Tools \r\n") == "acme tools")
        #expect(FilterMatcher.key("") == "" && FilterMatcher.key(" \t ") == "")
    }

    @Test func titlesWithoutDigitsHaveNoCodesAndOthersKeepThem() {
        #expect(CodeAgreement.codes("WHITE HANGING HEART T-LIGHT HOLDER").isEmpty)
        #expect(CodeAgreement.codes("Sony WH-1000XM4 headphones") == LexicalAnalyzer.digitTerms("Sony WH-1000XM4 headphones"))
        #expect(!CodeAgreement.codes("Sony WH-1000XM4 headphones").isEmpty)
    }
}
