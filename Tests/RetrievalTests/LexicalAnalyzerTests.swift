import Testing
@testable import Retrieval

@Suite("Lexical analyzer")
struct LexicalAnalyzerTests {
    @Test func latinTextIsLowercasedAndSplitOnPunctuation() {
        #expect(LexicalAnalyzer.baseTerms("Sony WH-1000XM4, 256GB!") == ["sony", "wh", "1000xm4", "256gb"])
    }

    @Test func modelCodesAreIndexedJoinedAndInParts() {
        let terms = LexicalAnalyzer.terms("Sony WH-1000XM4, 256GB!")
        #expect(terms.contains("wh1000xm4"))  // how "w h one thousand x m four" comes back from the summarizer
        #expect(terms.contains("256") && terms.contains("gb"))
        #expect(terms.contains("1000") && terms.contains("xm"))
        // A summary that spells the code joined matches the page that hyphenates it.
        #expect(LexicalAnalyzer.terms("wh1000xm4").allSatisfy(Set(terms).contains))
    }

    @Test func cjkRunsBecomeOverlappingBigrams() {
        #expect(LexicalAnalyzer.terms("红色连衣裙") == ["红色", "色连", "连衣", "衣裙"])
        #expect(LexicalAnalyzer.terms("新款 iPhone 手机壳") == ["新款", "iphone", "手机", "机壳"])
        #expect(LexicalAnalyzer.terms("买 A") == ["买", "a"])
    }

    @Test func chineseQueryMatchesTheSameBigramsAsTheIndex() {
        let indexed = Set(LexicalAnalyzer.terms("夏季新款红色连衣裙"))
        let query = LexicalAnalyzer.terms("红色连衣裙")
        #expect(query.allSatisfy(indexed.contains))
    }
}

@Suite("Rank fusion and filters")
struct RankFusionTests {
    @Test func itemsInBothListsBeatItemsInOne() {
        let fused = RankFusion().fuse(vector: ["a", "b", "c"], lexical: ["c", "d", "a"])
        #expect(fused.map(\.id) == ["a", "c", "b", "d"])
    }

    @Test func weightsShiftTheOrder() {
        let fused = RankFusion(vectorWeight: 1, lexicalWeight: 3).fuse(vector: ["a"], lexical: ["b"])
        #expect(fused.map(\.id) == ["b", "a"])
    }

    @Test func filterClausesAllApply() {
        let meta = AppearanceMeta(domain: .live, title: "t", brand: "Nike", category: "Shoes", price: 50)
        #expect(FilterMatcher(SearchFilter()).matches(meta))
        #expect(FilterMatcher(SearchFilter(domains: [.live], category: "SHOES", brand: "nike", priceMin: 50, priceMax: 50)).matches(meta))
        #expect(!FilterMatcher(SearchFilter(domains: [.page])).matches(meta))
        #expect(!FilterMatcher(SearchFilter(brand: "adidas")).matches(meta))
        #expect(!FilterMatcher(SearchFilter(priceMax: 49.99)).matches(meta))
        let unpriced = AppearanceMeta(domain: .page, title: "t", brand: nil, category: nil, price: nil)
        #expect(!FilterMatcher(SearchFilter(priceMin: 0)).matches(unpriced))
    }

    /// The analyzer before its ASCII fast path, kept as the reference the fast path must equal.
    static func referenceBaseTerms(_ text: String) -> [String] {
        var out: [String] = [], word = "", cjkRun: [Character] = []
        func flushWord() { if !word.isEmpty { out.append(word); word = "" } }
        func flushCJK() {
            if cjkRun.count == 1 { out.append(String(cjkRun[0])) }
            if cjkRun.count > 1 { for i in 0..<(cjkRun.count - 1) { out.append(String(cjkRun[i]) + String(cjkRun[i + 1])) } }
            cjkRun.removeAll()
        }
        for ch in text {
            if LexicalAnalyzer.isCJK(ch) { flushWord(); cjkRun.append(ch) }
            else if ch.isLetter || ch.isNumber { flushCJK(); word += ch.lowercased() }
            else { flushWord(); flushCJK() }
        }
        flushWord(); flushCJK()
        return out
    }

    @Test func asciiFastPathEqualsTheGeneralRules() {
        // Seeded random mixes of ASCII (letters, digits, punctuation, CR LF), accents and combining marks that
        // join an ASCII letter into one Character, CJK, Hangul, fullwidth digits, Greek capitals, emoji.
        let pieces = ["a", "Z", "q", "0", "9", " ", "-", "/", ".", "_", "\r\n", "\n", "\t", "e\u{301}", "É", "ß", "İ",
                      "保", "温", "杯", "한", "ｔ", "５", "Ω", "😀", "A\u{308}", "1\u{20E3}", "ǅ", "Ⅻ"]
        var state: UInt64 = 42
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        for _ in 0..<300 {
            let text = (0..<(next() % 60)).map { _ in pieces[next() % pieces.count] }.joined()
            #expect(LexicalAnalyzer.baseTerms(text) == Self.referenceBaseTerms(text), "\(text.debugDescription)")
        }
        #expect(LexicalAnalyzer.baseTerms("Crème BRÛLÉE x2, Ａ型") == Self.referenceBaseTerms("Crème BRÛLÉE x2, Ａ型"))
    }
}
