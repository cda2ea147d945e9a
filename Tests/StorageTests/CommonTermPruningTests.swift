import Testing
import Retrieval
@testable import Storage

@Suite("Common-term pruning")
struct CommonTermPruningTests {
    static let df = ["black": 900, "steel": 300, "kettle": 40, "kx200": 2, "kx": 5, "200": 60, "lid": 80]

    @Test func termsAboveTheCapAreLeftOutWhileRarerOnesRemain() throws {
        let q = try #require(LexicalQuery(text: "black steel kettle KX-200 with lid", maxRepeat: 1))
        let kept = FTS5Match.expression(q, maxTerms: 100, documentFrequency: Self.df, maxDocumentFrequency: 100)
        #expect(kept == "\"kettle\" OR \"kx\" OR \"200\" OR \"lid\" OR \"kx200\"")
        // The cap is inclusive: a term held by exactly `cap` documents stays.
        #expect(FTS5Match.expression(q, maxTerms: 100, documentFrequency: Self.df, maxDocumentFrequency: 300)?
            .contains("\"steel\"") == true)
        // No cap: as before.
        #expect(FTS5Match.expression(q, maxTerms: 100, documentFrequency: Self.df, maxDocumentFrequency: nil)
                == FTS5Match.expression(q, maxTerms: 100, documentFrequency: Self.df))
        // The cap applies before `maxTerms` chooses the rarest.
        #expect(FTS5Match.expression(q, maxTerms: 2, documentFrequency: Self.df, maxDocumentFrequency: 10) == "\"kx\" OR \"kx200\"")
    }

    @Test func whenEveryTermIsCommonTheRarestAloneIsKept() throws {
        let q = try #require(LexicalQuery(text: "black steel black", maxRepeat: 2))
        #expect(FTS5Match.expression(q, maxTerms: 10, documentFrequency: Self.df, maxDocumentFrequency: 10) == "\"steel\"")
        // Nothing occurs at all: still nil.
        let none = try #require(LexicalQuery(text: "zorblax"))
        #expect(FTS5Match.expression(none, maxTerms: 10, documentFrequency: Self.df, maxDocumentFrequency: 10) == nil)
    }

    @Test func withoutFrequenciesTheCapCannotApply() throws {
        let q = try #require(LexicalQuery(text: "black steel kettle", maxRepeat: 1))
        #expect(FTS5Match.expression(q, maxTerms: 10, documentFrequency: nil, maxDocumentFrequency: 1)
                == "\"black\" OR \"steel\" OR \"kettle\"")
    }
}
