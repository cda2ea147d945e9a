import MetricsTestKit
import Retrieval
@testable import Summarizer
import TestSupport
import Testing

/// The product-agreement check (`other_product`): a grounded-looking LLM line about a product the host only
/// mentions in passing is rejected; a line about the product being sold is used.
@Suite struct ProductAgreementTests {
    /// Sells the cat scratch tree again and again; names the Logitech once, in passing (a lone catalog word the
    /// extractive summary leaves out).
    static let transcript = "ok guys welcome back um today we have this cat scratch tree with steps it's a hundred cm " +
        "tall in grey the cat scratch tree has sisal poles and plush platforms oh and by the way my logitech " +
        "broke yesterday anyway this cat scratch tree in grey is so sturdy go check the link"
    /// Only words the transcript says and the catalog knows, so every other check lets it through.
    static let wrongProduct = "Logitech wireless mouse"
    static let rightProduct = "Cat scratch tree with steps, 100cm, grey"

    let vocabulary = ExtractiveFixtures.vocabulary().snapshot()

    func check(_ agreement: Double = GroundingOptions().minProductAgreement,
               coverage: Double = GroundingOptions().minProductCoverage) -> GroundingCheck {
        var options = GroundingOptions()
        options.minProductAgreement = agreement
        options.minProductCoverage = coverage
        return GroundingCheck(options: options, promptTexts: SummaryPrompt.instructionTexts(maxWords: 32),
                              promptExamples: SummaryPrompt.examples)
    }

    var extractive: String {
        ExtractiveSummarizer().summarize(Self.transcript, vocabulary: vocabulary, maxWords: 32)
    }

    @Test func aLineAboutTheProductInPassingIsOtherProductAndTheSoldOneIsUsed() throws {
        let summary = extractive
        #expect(summary.contains("scratch") && !summary.contains("logitech"), "\(summary)")
        // Without the extractive summary (the check's reference) the wrong line passes every other check.
        #expect(check().judge(Self.wrongProduct, transcript: Self.transcript, vocabulary: vocabulary) == nil)
        #expect(check().judge(Self.wrongProduct, transcript: Self.transcript, vocabulary: vocabulary,
                              extractive: summary) == .otherProduct)
        #expect(check().judge(Self.rightProduct, transcript: Self.transcript, vocabulary: vocabulary,
                              extractive: summary) == nil)
        let wrong = try #require(check().productAgreement(Self.wrongProduct, extractive: summary, vocabulary: vocabulary))
        let right = try #require(check().productAgreement(Self.rightProduct, extractive: summary, vocabulary: vocabulary))
        #expect(wrong == 0)
        #expect(right >= 0.8, "\(right)")  // "grey" is not in the summary
    }

    @Test func theShareIsWeightedBySalienceAndZeroTurnsTheCheckOff() throws {
        let summary = extractive
        // Half the product: the rare title words agree, the brand of the product in passing does not.
        let mixed = "Logitech cat scratch tree"
        let share = try #require(check().productAgreement(mixed, extractive: summary, vocabulary: vocabulary))
        #expect(share > 0.5 && share < 1, "\(share)")
        #expect(check(0.5, coverage: 0).judge(mixed, transcript: Self.transcript, vocabulary: vocabulary, extractive: summary) == nil)
        #expect(check(0.95, coverage: 0).judge(mixed, transcript: Self.transcript, vocabulary: vocabulary, extractive: summary)
            == .otherProduct)
        #expect(check(0, coverage: 0).judge(Self.wrongProduct, transcript: Self.transcript, vocabulary: vocabulary,
                               extractive: summary) == nil)
    }

    @Test func anEmptySummarySkipsTheCheckAndALineWithoutSalientTermsDisagrees() {
        // An empty extractive summary (an empty catalog, nothing heard): nothing to compare with.
        #expect(check().productAgreement(Self.wrongProduct, extractive: "", vocabulary: vocabulary) == nil)
        // A line of single letters and an unknown number (gemma3-270m wrote "a p c 1000000..." on the dev set).
        #expect(check().productAgreement("a p c 100000000000", extractive: extractive, vocabulary: vocabulary) == 0)
    }

    @Test func aLineHoldingLittleOfTheSummaryIsThin() throws {
        let summary = extractive
        let short = "Cat scratch tree"  // the right product, but less than the summary says about it
        #expect(try #require(check().productAgreement(short, extractive: summary, vocabulary: vocabulary)) == 1)
        let coverage = try #require(check().productAgreement(summary, extractive: short, vocabulary: vocabulary))
        #expect(coverage > 0.2 && coverage < 0.6, "\(coverage) of \(summary)")
        #expect(check(coverage: 0.6).judge(short, transcript: Self.transcript, vocabulary: vocabulary,
                                           extractive: summary) == .thin)
        #expect(check(coverage: 0.2).judge(short, transcript: Self.transcript, vocabulary: vocabulary,
                                           extractive: summary) == nil)
        #expect(check(coverage: 0.6).judge(summary, transcript: Self.transcript, vocabulary: vocabulary,
                                           extractive: summary) == nil)
    }

    @Test func modelCodesAndMixedTermsAgreeWithTheSummarysForm() throws {
        let transcript = "hey guys this is the sony w h one thousand x m four noise cancelling headphones in black " +
            "the sony headphones are so comfy and the noise cancelling is great"
        let summary = ExtractiveSummarizer().summarize(transcript, vocabulary: vocabulary, maxWords: 32)
        let share = try #require(check().productAgreement("Sony WH-1000XM4 noise cancelling headphones",
                                                          extractive: summary, vocabulary: vocabulary))
        #expect(share == 1, "\(summary)")
    }

    enum Answer: String, CaseIterable, Sendable { case wrongProduct, rightProduct }

    /// Against the stub LLM server: the wrong-product line is rejected with `other_product` and the extractive
    /// summary answers; the right one is used (so the test fails both ways).
    @Test(arguments: Answer.allCases)
    func theServiceRejectsTheWrongProductAndUsesTheRightOne(answer: Answer) async throws {
        let line = answer == .wrongProduct ? Self.wrongProduct : Self.rightProduct
        let server = try StubLLMServer { _ in StubLLMServer.completion(line) }
        defer { server.stop() }
        var llm = LLMConfig(baseURL: server.baseURL, model: "stub-model")
        llm.totalTimeout = 10
        llm.maxRetries = 0
        let metrics = TestMetrics()
        let summarizer = TranscriptSummarizer(config: SummarizerConfig(llm: llm), vocabulary: ExtractiveFixtures.vocabulary(),
                                              cache: MemorySummaryCache(), logger: LogCapture().logger,
                                              metrics: SummarizerMetrics(factory: metrics), hooks: ManualTime().hooks)
        let summary = try await summarizer.summarize(Self.transcript, maxWords: nil)
        let rejected = try metrics.expectCounter("ampere_llm_summaries_rejected_total",
                                                 [("reason", GroundingRejection.otherProduct.rawValue)]).totalValue
        let accepted = try metrics.expectCounter("ampere_llm_summaries_accepted_total").totalValue
        switch answer {
        case .wrongProduct:
            #expect(summary.source == .extractive, "\(summary)")
            #expect(summary.text.contains("scratch") && !summary.text.contains("logitech"), "\(summary.text)")
            #expect(rejected == 1 && accepted == 0)
            #expect(try metrics.expectCounter("ampere_summarizer_fallbacks_total", [("reason", "rejected")]).totalValue == 1)
        case .rightProduct:
            #expect(summary == Summary(text: line, source: .llm, model: "stub-model"))
            #expect(rejected == 0 && accepted == 1)
        }
        #expect(server.requests.count == 1)
    }

    @Test func theUpgradePathJudgesTheSameWay() async throws {
        let server = try StubLLMServer { _ in StubLLMServer.completion(Self.wrongProduct) }
        defer { server.stop() }
        var llm = LLMConfig(baseURL: server.baseURL, model: "stub-model")
        llm.totalTimeout = 10
        llm.maxRetries = 0
        let summarizer = TranscriptSummarizer(config: SummarizerConfig(llm: llm), vocabulary: ExtractiveFixtures.vocabulary(),
                                              cache: MemorySummaryCache(), logger: LogCapture().logger,
                                              metrics: SummarizerMetrics(factory: TestMetrics()), hooks: ManualTime().hooks)
        #expect(await summarizer.upgrade(Self.transcript) == .rejected(.otherProduct))
    }
}
