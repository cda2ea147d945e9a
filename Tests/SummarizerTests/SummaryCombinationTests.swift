import Foundation
import MetricsTestKit
import Retrieval
@testable import Summarizer
import TestSupport
import Testing

/// Issue 17, what the extractive summarizer adds to the LLM: catalog candidates in the prompt
/// (`llm.prompt_candidates`), the extractive words joined to an accepted line (`llm.combine`), and the copy
/// threshold tuned on SmolLM2-135M's answers on the dev set.
@Suite struct SummaryCombinationTests {
    static let transcript = GroundingCheckTests.transcript
    static let line = "Cat scratch tree grey"

    func summarizer(_ server: StubLLMServer, configure: (inout SummarizerConfig) -> Void) -> TranscriptSummarizer {
        var llm = LLMConfig(baseURL: server.baseURL, model: "stub-model")
        llm.totalTimeout = 10
        llm.maxRetries = 0
        var config = SummarizerConfig(llm: llm)
        configure(&config)
        return TranscriptSummarizer(config: config, vocabulary: ExtractiveFixtures.vocabulary(), cache: MemorySummaryCache(),
                                    logger: LogCapture().logger, metrics: SummarizerMetrics(factory: TestMetrics()),
                                    hooks: ManualTime().hooks)
    }

    @Test func candidatesFollowTheTranscriptAndKeepThePrefix() {
        let plain = SummaryPrompt.messages(transcript: "t", language: .matchTranscript, maxWords: 32)
        let hinted = SummaryPrompt.messages(transcript: "t", language: .matchTranscript, maxWords: 32,
                                            candidates: "cat scratch tree")
        #expect(plain[0] == hinted[0], "the system message does not change")
        #expect(plain[1].content == "Transcript:\n<<<\nt\n>>>")
        #expect(hinted[1].content == "Transcript:\n<<<\nt\n>>>\nCatalog words heard: cat scratch tree")
        #expect(SummaryPrompt.cacheVersion(language: .matchTranscript)
                != SummaryPrompt.cacheVersion(language: .matchTranscript, candidates: true))
    }

    @Test func withCandidatesOnTheRequestQuotesTheExtractiveTerms() async throws {
        let server = try StubLLMServer { _ in StubLLMServer.completion(Self.line) }
        defer { server.stop() }
        let on = summarizer(server) { $0.promptCandidates = true }
        let summary = try await on.summarize(Self.transcript, maxWords: nil)
        #expect(summary == Summary(text: Self.line, source: .llm, model: "stub-model"))
        let user = try #require(server.requests.first.flatMap { StubLLMServer.messages(of: $0)?["user"] })
        let hint = try #require(user.split(separator: "\n").last)
        #expect(hint.hasPrefix("Catalog words heard: ") && hint.contains("scratch"), "\(hint)")

        let off = summarizer(server) { _ in }
        _ = try await off.summarize(Self.transcript, maxWords: nil)
        let plain = try #require(server.requests.last.flatMap { StubLLMServer.messages(of: $0)?["user"] })
        #expect(!plain.contains("Catalog words heard"))
    }

    @Test func aLineEchoingTheCandidatesLabelIsScaffolding() {
        let check = GroundingCheck(options: GroundingOptions(), promptTexts: SummaryPrompt.instructionTexts(maxWords: 32),
                                   promptExamples: SummaryPrompt.examples)
        let vocabulary = ExtractiveFixtures.vocabulary().snapshot()
        #expect(check.judge("Catalog words heard: cat scratch tree", transcript: Self.transcript,
                            vocabulary: vocabulary) == .scaffolding)
    }

    @Test func bothJoinsTheExtractiveWordsTheLineLacks() async throws {
        #expect(TranscriptSummarizer.join("Cat scratch tree", "cat tree sisal poles") == "Cat scratch tree sisal poles")
        #expect(TranscriptSummarizer.join("Cat scratch tree", "cat tree") == "Cat scratch tree")
        #expect(TranscriptSummarizer.join("Sony WH-1000XM4", "sony wh 1000xm4 black") == "Sony WH-1000XM4 black")

        let server = try StubLLMServer { _ in StubLLMServer.completion(Self.line) }
        defer { server.stop() }
        let alone = try await summarizer(server) { _ in }.summarize(Self.transcript, maxWords: nil)
        #expect(alone.text == Self.line)
        let both = try await summarizer(server) { $0.combination = .both }.summarize(Self.transcript, maxWords: nil)
        #expect(both.source == .llm)
        #expect(both.text.hasPrefix(Self.line + " ") && both.text.contains("sisal"), "\(both.text)")
    }

    @Test func aLineThatMostlyRepeatsTheTranscriptWithItsFillerIsACopy() {
        // The shape of SmolLM2-135M's accepted lines on the dev set: the transcript's opening, host talk and all.
        let copied = "so this is the cat scratch tree with steps okay guys in grey so yeah go check the link"
        let vocabulary = ExtractiveFixtures.vocabulary().snapshot()
        let tuned = GroundingCheck(options: GroundingOptions(), promptTexts: [])
        #expect(tuned.judge(copied, transcript: Self.transcript, vocabulary: vocabulary) == .copy)
        var old = GroundingOptions()
        old.maxCopyShare = 0.6
        #expect(GroundingCheck(options: old, promptTexts: []).judge(copied, transcript: Self.transcript,
                                                                     vocabulary: vocabulary) != .copy)
        // A product line that repeats a run of product words (little filler) is no copy.
        #expect(tuned.judge("Cat scratch tree with steps 100cm grey", transcript: Self.transcript,
                            vocabulary: vocabulary) == nil)
    }
}
