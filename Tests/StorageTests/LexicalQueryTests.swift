import Testing
import Retrieval
@testable import Storage

@Suite("Lexical query pruning")
struct LexicalQueryTests {
    @Test func termsAreDistinctInOrderWithCappedRepeats() throws {
        let q = try #require(LexicalQuery(text: "um the kettle kettle kettle steel x kettle", maxRepeat: 2))
        #expect(q.terms == [.init(text: "kettle", count: 2), .init(text: "steel", count: 1)])
        #expect(LexicalQuery(text: "um uh okay guys") == nil)
    }

    @Test func keepsTheRarestTermsThatOccurInQueryOrder() throws {
        let q = try #require(LexicalQuery(text: "black steel kettle KX-200 with lid", maxRepeat: 1))
        let df = ["black": 900, "steel": 300, "kettle": 40, "kx200": 2, "kx": 5, "200": 60, "lid": 80]
        // "with" is a stop word; nothing else is missing from the catalog, so only the cap prunes.
        #expect(FTS5Match.expression(q, maxTerms: 3, documentFrequency: df) == "\"kettle\" OR \"kx\" OR \"kx200\"")
        #expect(FTS5Match.expression(q, maxTerms: 100, documentFrequency: df).map { $0.split(separator: " ").filter { $0 != "OR" }.count } == 7)
    }

    @Test func termsAbsentFromTheCatalogAreDropped() throws {
        let q = try #require(LexicalQuery(text: "zorblax kettle kettle", maxRepeat: 2))
        #expect(FTS5Match.expression(q, maxTerms: 10, documentFrequency: ["kettle": 3]) == "\"kettle\" OR \"kettle\"")
        #expect(FTS5Match.expression(q, maxTerms: 10, documentFrequency: [:]) == nil)
        // Without frequencies every term is kept, up to the cap.
        #expect(FTS5Match.expression(q, maxTerms: 1, documentFrequency: nil) == "\"zorblax\"")
    }

    @Test func tiesKeepQueryOrder() throws {
        let q = try #require(LexicalQuery(text: "delta alpha charlie bravo", maxRepeat: 1))
        let df = ["alpha": 1, "bravo": 1, "charlie": 1, "delta": 1]
        #expect(FTS5Match.expression(q, maxTerms: 2, documentFrequency: df) == "\"delta\" OR \"alpha\"")
    }
}

@Suite("Code agreement re-weighing")
struct CodeAgreementTests {
    let titles = ["a": "Sigma 50mm F1.4 DG HSM Art Lens", "b": "Sigma 14mm F1.8 DG HSM Art Lens", "c": "Wool blanket"]

    @Test func aTitleWithCodesTheQueryLacksDropsBelowOneThatHasThem() {
        let query = Set(LexicalAnalyzer.terms("Sigma 14mm F1.8 DG HSM Art wide-angle lens"))
        let ranked = [(id: "a", score: 0.080), (id: "b", score: 0.075), (id: "c", score: 0.070)]
        let out = CodeAgreement(strength: 0.3).rerank(ranked, queryTerms: query) { titles[$0] }
        #expect(out.map(\.id) == ["b", "c", "a"])
        #expect(out[0].score == 0.075)  // every code of "b" is in the query: unchanged
        #expect(out[1].score == 0.070)  // no codes in the title: no evidence either way
        // "a" has the codes "50mm", "f1" and "4"; the query has "f1" (from "F1.8") but not the other two.
        #expect(CodeAgreement.codes(titles["a"]!) == ["50mm", "f1", "4"])
        #expect(abs(out[2].score - 0.080 / (1 + 0.3 * 2 / 3)) < 1e-12)
    }

    @Test func zeroStrengthAndNegativeScoresBehave() {
        let query: Set<String> = ["sigma"]
        let ranked = [(id: "a", score: -0.2), (id: "b", score: -0.3)]
        #expect(CodeAgreement(strength: 0).rerank(ranked, queryTerms: query) { titles[$0] }.map(\.score) == [-0.2, -0.3])
        // A negative cosine must get worse, not better, when penalised.
        let out = CodeAgreement(strength: 1).rerank(ranked, queryTerms: query) { titles[$0] }
        #expect(out.allSatisfy { $0.score < -0.2 })
    }
}

@Suite("Code agreement depth")
struct CodeAgreementDepthTests {
    @Test func onlyTheHeadIsReordered() {
        let titles = ["a": "Lens 50mm", "b": "Lens 14mm", "c": "Lens 14mm"]
        let query = Set(LexicalAnalyzer.terms("lens 14mm"))
        let ranked = [(id: "a", score: 0.09), (id: "b", score: 0.08), (id: "c", score: 0.07)]
        let out = CodeAgreement(strength: 1).rerank(ranked, queryTerms: query, depth: 2) { titles[$0] }
        #expect(out.map(\.id) == ["b", "a", "c"])  // "a" falls below "b" but stays ahead of "c", outside the window
    }
}
