import Storage
import Testing

@Suite("FTS5 match expressions")
struct FTS5MatchTests {
    @Test func matchExpressionDropsChatterAndWeighsRepeats() {
        let expr = FTS5Match.expression(text: "um guys this kettle kettle kettle is so good x")
        #expect(expr == "\"kettle\" OR \"kettle\" OR \"good\"")
        #expect(FTS5Match.expression(text: "um uh okay guys") == nil)
    }

    @Test func matchExpressionIsSafeForFTSSyntax() {
        // Quotes, operators and parentheses in user text never reach FTS5 as syntax: terms are letters and digits.
        let expr = FTS5Match.expression(text: "\"drop\" OR (NEAR foo* AND bar) -baz")
        #expect(expr == "\"drop\" OR \"near\" OR \"foo\" OR \"bar\" OR \"baz\"")
    }
}
