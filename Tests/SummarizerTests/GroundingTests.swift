import MetricsTestKit
import Retrieval
@testable import Summarizer
import TestSupport
import Testing

/// The grounding checks on their own: each failure mode of a bad model against one good line.
@Suite struct GroundingCheckTests {
    static let transcript = "ok guys so welcome back um today we have this cat scratch tree with steps it's a hundred cm " +
        "tall in grey with sisal poles and plush platforms so yeah go check the link"
    let check = GroundingCheck(options: GroundingOptions(), promptTexts: SummaryPrompt.instructionTexts(maxWords: 32),
                               promptExamples: SummaryPrompt.examples)
    let vocabulary = ExtractiveFixtures.vocabulary().snapshot()

    func judge(_ line: String, _ transcript: String = Self.transcript) -> GroundingRejection? {
        check.judge(line, transcript: transcript, vocabulary: vocabulary)
    }

    @Test(arguments: [
        ("Cat scratch tree with steps 100cm grey", nil),
        ("Cat Scratch Tree, sisal poles, grey", nil),
        ("Cat scratch tree, size 100cm, colour grey", nil),
        ("Model: cat scratch tree", nil),
        ("<<<", GroundingRejection.scaffolding),
        ("Transcript: cat scratch tree", .scaffolding),
        ("assistant: cat scratch tree grey", .scaffolding),
        ("[INST] cat scratch tree", .scaffolding),
        ("Answer with exactly one line of at most 32 words", .scaffolding),
        ("Sony WH-1000XM4 256 GB", .promptEcho),
        ("ok guys so welcome back um today we have this cat scratch tree", .copy),
        ("Once upon a time a little dragon flew over the castle", .ungrounded),
        ("so yeah ok", .empty),
        ("\"\" ...", .empty),
    ] as [(String, GroundingRejection?)])
    func judgesEachLine(line: String, expected: GroundingRejection?) {
        #expect(judge(line) == expected, "\(line)")
    }

    @Test func wordsOnlyTheTranscriptHasAreGroundedButNeedOneCatalogTerm() {
        let transcript = "so my grandmother knitted this lovely woollen scarf for the winter market"
        #expect(judge("Grandmother knitted woollen scarf", transcript) == .noCatalogTerm)
        #expect(judge("Grandmother knitted woollen scarf, grey", transcript) == nil)
    }

    @Test func aModelCodeRepairedFromSpelledSpeechIsNotAPromptEcho() {
        // The prompt's own example is WH-1000XM4; a transcript that spells it out makes the same line a good one.
        let transcript = "hey guys so this is the sony w h one thousand x m four noise cancelling headphones in black"
        #expect(judge("Sony WH-1000XM4 noise cancelling headphones black", transcript) == nil)
        // Against another product's transcript it is all catalog words, but not one of them was said.
        #expect(judge("Sony WH-1000XM4 noise cancelling headphones black") == .ungrounded)
    }

    @Test func anEmptyCatalogCannotBeAskedForACatalogTerm() {
        let empty = ProductVocabulary().snapshot()
        #expect(check.judge("Ceramic teapot one litre", transcript: "uh the ceramic teapot holds one litre", vocabulary: empty) == nil)
        #expect(check.judge("Once upon a time a dragon", transcript: "uh the ceramic teapot", vocabulary: empty) == .ungrounded)
    }

    @Test func thresholdsAreOptions() {
        var loose = GroundingOptions()
        loose.minKnownShare = 0
        loose.minCatalogTerms = 0
        loose.minHeardTerms = 0
        let lenient = GroundingCheck(options: loose, promptTexts: [])
        #expect(lenient.judge("Once upon a time a little dragon", transcript: Self.transcript, vocabulary: vocabulary) == nil)
        var strict = GroundingOptions()
        strict.minCatalogTerms = 4
        let demanding = GroundingCheck(options: strict, promptTexts: [])
        #expect(demanding.judge("Cat scratch tree", transcript: Self.transcript, vocabulary: vocabulary) == .noCatalogTerm)
    }

    @Test func longestCommonRun() {
        #expect(GroundingCheck.longestCommonRun(["a", "b", "c", "x"], ["z", "a", "b", "c", "d"]) == 3)
        #expect(GroundingCheck.longestCommonRun(["q"], ["z", "a"]) == 0)
    }
}

/// The service against a stub LLM answering each failure mode: the bad line is rejected with its reason and the
/// extractive summary answers; the good line is used.
@Suite struct GroundedSummaryTests {
    enum Mode: String, CaseIterable, Sendable {
        case echoWithDelimiters, parrotedExample, empty, offTopic, copy, good
    }

    static func answer(_ mode: Mode, user: String) -> String {
        switch mode {
        case .echoWithDelimiters: return user  // "Transcript:\n<<<\n...\n>>>" as the prompt sent it
        case .parrotedExample: return "Sony WH-1000XM4 256 GB"
        case .empty: return ""
        case .offTopic: return "Once upon a time a little dragon flew over the castle."
        case .copy: return String(user.split(separator: "\n")[2])  // the transcript itself, without the delimiters
        case .good: return "Cat scratch tree with steps, 100cm, grey"
        }
    }

    static let expected: [Mode: GroundingRejection] = [
        .echoWithDelimiters: .scaffolding, .parrotedExample: .promptEcho, .empty: .empty, .offTopic: .ungrounded,
        .copy: .copy,
    ]

    @Test(arguments: Mode.allCases)
    func eachBadAnswerIsRejectedAndTheGoodOneUsed(mode: Mode) async throws {
        let server = try StubLLMServer { request in
            StubLLMServer.completion(Self.answer(mode, user: StubLLMServer.messages(of: request)?["user"] ?? ""))
        }
        defer { server.stop() }
        var llm = LLMConfig(baseURL: server.baseURL, model: "stub-model")
        llm.totalTimeout = 10
        llm.maxRetries = 0
        let metrics = TestMetrics()
        let cache = MemorySummaryCache()
        let summarizer = TranscriptSummarizer(config: SummarizerConfig(llm: llm), vocabulary: ExtractiveFixtures.vocabulary(),
                                              cache: cache, logger: LogCapture().logger,
                                              metrics: SummarizerMetrics(factory: metrics), hooks: ManualTime().hooks)
        let summary = try await summarizer.summarize(GroundingCheckTests.transcript, maxWords: nil)
        let again = try await summarizer.summarize(GroundingCheckTests.transcript, maxWords: nil)
        let accepted = try metrics.expectCounter("ampere_llm_summaries_accepted_total").totalValue
        if let reason = Self.expected[mode] {
            #expect(summary.source == .extractive, "\(summary)")
            #expect(summary.text.contains("scratch"), "the extractive summary answers: \(summary.text)")
            #expect(again.source == .extractive)
            // Once from the LLM, once from the cache (a rejected line is still cached: the model is not asked again;
            // an empty completion is not cached and asked again).
            #expect(try metrics.expectCounter("ampere_llm_summaries_rejected_total", [("reason", reason.rawValue)]).totalValue == 2)
            #expect(try metrics.expectCounter("ampere_summarizer_fallbacks_total", [("reason", "rejected")]).totalValue == 2)
            #expect(accepted == 0)
            #expect(server.requests.count == (mode == .empty ? 2 : 1))
        } else {
            #expect(summary == Summary(text: Self.answer(.good, user: ""), source: .llm, model: "stub-model"))
            #expect(again.source == .cache)
            #expect(accepted == 2)
            for reason in GroundingRejection.allCases {
                #expect(try metrics.expectCounter("ampere_llm_summaries_rejected_total", [("reason", reason.rawValue)]).totalValue == 0)
            }
        }
    }

    @Test func groundingOffTrustsTheLine() async throws {
        let server = try StubLLMServer { _ in StubLLMServer.completion("Once upon a time a little dragon") }
        defer { server.stop() }
        var config = SummarizerConfig(llm: LLMConfig(baseURL: server.baseURL, model: "m"))
        config.grounding = nil
        let summarizer = TranscriptSummarizer(config: config, vocabulary: ExtractiveFixtures.vocabulary(),
                                              logger: LogCapture().logger, metrics: SummarizerMetrics(factory: TestMetrics()))
        #expect(try await summarizer.summarize(GroundingCheckTests.transcript, maxWords: nil).source == .llm)
    }
}
