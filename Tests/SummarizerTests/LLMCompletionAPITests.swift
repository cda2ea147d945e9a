import Foundation
import MetricsTestKit
import Retrieval
@testable import Summarizer
import TestSupport
import Testing

/// `llm.api = completion`: base models get `POST /v1/completions` with one plain few-shot prompt ending in the
/// `Product:` cue, and their `choices[0].text` passes the same grounding checks as a chat answer.
@Suite struct LLMCompletionAPITests {
    /// The text-completion request as the stub received it.
    struct Mirror: Decodable {
        var model: String
        var prompt: String
        var temperature: Double
        var max_tokens: Int
        var stream: Bool
        var stop: [String]?
    }

    static func summarizer(_ server: StubLLMServer, grounding: Bool = true, maxWords: Int = 32,
                           metrics: TestMetrics = TestMetrics(), configure: (inout LLMConfig) -> Void = { _ in })
        -> TranscriptSummarizer {
        var llm = LLMConfig(baseURL: server.baseURL, model: "base-model")
        llm.api = .completion
        llm.totalTimeout = 10
        llm.maxRetries = 0
        configure(&llm)
        var config = SummarizerConfig(llm: llm)
        config.defaultMaxWords = maxWords
        if !grounding { config.grounding = nil }
        return TranscriptSummarizer(config: config, vocabulary: ExtractiveFixtures.vocabulary(),
                                    cache: MemorySummaryCache(), logger: LogCapture().logger,
                                    metrics: SummarizerMetrics(factory: metrics), hooks: ManualTime().hooks)
    }

    @Test func theRequestGoesToCompletionsWithAPlainPromptEndingInTheCue() async throws {
        let server = try StubLLMServer { _ in StubLLMServer.textCompletion(" line") }
        defer { server.stop() }
        let summarizer = Self.summarizer(server, grounding: false, maxWords: 10) { $0.windowWords = 6 }
        // A short transcript with a line break, then one of two windows (map, map, reduce).
        _ = try await summarizer.summarize("one two\nthree", maxWords: nil)
        _ = try await summarizer.summarize("a b c d e f g h i j k l", maxWords: nil)
        let requests = server.requests
        #expect(requests.count == 1 + 3)
        #expect(requests.allSatisfy { $0.method == "POST" && $0.path == "/v1/completions" })
        let bodies = try requests.map { try JSONDecoder().decode(Mirror.self, from: Data($0.body)) }
        for body in bodies {
            #expect(body.model == "base-model" && body.temperature == 0 && body.stream == false)
            #expect(body.stop == ["\n"])
            #expect(body.max_tokens == 36)  // 2 x 10 words + 16, as for chat
        }
        // No chat fields: a plain prompt string.
        let raw = try #require(try JSONSerialization.jsonObject(with: Data(requests[0].body)) as? [String: Any])
        #expect(raw["messages"] == nil)
        // The stable prefix (header and worked examples), then the transcript on one line, then the cue.
        let prefix = CompletionPrompt.prefix(language: .matchTranscript)
        #expect(bodies.allSatisfy { $0.prompt.hasPrefix(prefix) })
        #expect(bodies[0].prompt == prefix + "Transcript: one two three\nProduct:")
        #expect(prefix.contains("\nProduct: Hydropeak insulated water bottle 750 ml matte black\n"))
        // The two windows run concurrently: either may arrive first.
        #expect(Set(bodies[1...2].map(\.prompt)) == [prefix + "Transcript: a b c d e f\nProduct:",
                                                      prefix + "Transcript: g h i j k l\nProduct:"])
        // The reduce step: the window lines as the transcript of one more call with the same prefix.
        #expect(bodies[3].prompt == prefix + "Transcript: line ; line\nProduct:")
    }

    @Test func aGoodCompletionIsUsedAndCached() async throws {
        let server = try StubLLMServer { _ in StubLLMServer.textCompletion(" Cat scratch tree with steps, 100cm, grey") }
        defer { server.stop() }
        let metrics = TestMetrics()
        let summarizer = Self.summarizer(server, metrics: metrics)
        let summary = try await summarizer.summarize(GroundingCheckTests.transcript, maxWords: nil)
        #expect(summary == Summary(text: "Cat scratch tree with steps, 100cm, grey", source: .llm, model: "base-model"))
        let again = try await summarizer.summarize(GroundingCheckTests.transcript, maxWords: nil)
        #expect(again.source == .cache && server.requests.count == 1)
        #expect(try metrics.expectCounter("ampere_llm_summaries_accepted_total").totalValue == 2)
    }

    /// How a base model fails at the prompt: it goes on with the document's format (the transcript line, label
    /// included), copies the transcript, parrots the first worked example, wanders off, or writes nothing.
    enum Bad: String, CaseIterable, Sendable {
        case echoedTranscriptLine, copiedTranscript, parrotedExample, offTopic, empty
    }

    static func answer(_ bad: Bad, prompt: String) -> String {
        let transcriptLine = prompt.split(separator: "\n").last { $0.hasPrefix("Transcript:") }.map(String.init) ?? ""
        switch bad {
        case .echoedTranscriptLine: return " " + transcriptLine
        case .copiedTranscript: return " " + transcriptLine.dropFirst("Transcript: ".count)
        case .parrotedExample: return " " + CompletionPrompt.workedExamples[0].product
        case .offTopic: return " Once upon a time a little dragon flew over the castle."
        case .empty: return " "
        }
    }

    static let expected: [Bad: GroundingRejection] = [
        .echoedTranscriptLine: .scaffolding, .copiedTranscript: .copy, .parrotedExample: .promptEcho,
        .offTopic: .ungrounded, .empty: .empty,
    ]

    @Test(arguments: Bad.allCases)
    func aBadCompletionIsRejectedWithItsReasonAndTheExtractiveSummaryAnswers(bad: Bad) async throws {
        let server = try StubLLMServer { request in
            StubLLMServer.textCompletion(Self.answer(bad, prompt: StubLLMServer.prompt(of: request) ?? ""))
        }
        defer { server.stop() }
        let metrics = TestMetrics()
        let summary = try await Self.summarizer(server, metrics: metrics).summarize(GroundingCheckTests.transcript, maxWords: nil)
        let reason = try #require(Self.expected[bad])
        #expect(summary.source == .extractive, "\(summary)")
        #expect(summary.text.contains("scratch"), "the extractive summary answers: \(summary.text)")
        #expect(try metrics.expectCounter("ampere_llm_summaries_rejected_total", [("reason", reason.rawValue)]).totalValue == 1)
        #expect(try metrics.expectCounter("ampere_llm_summaries_accepted_total").totalValue == 0)
        #expect(server.requests.count == 1 && server.requests[0].path == "/v1/completions")
    }

    @Test func theWorkedExamplesAreNotReadAsInstructions() {
        // A good line about a real insulated bottle shares the first example's words: no 4-gram of the examples
        // may count as prompt scaffolding, and said words are no prompt echo.
        let check = GroundingCheck(options: GroundingOptions(), promptTexts: CompletionPrompt.instructionTexts(),
                                   promptExamples: CompletionPrompt.examples)
        let transcript = "so guys this is the insulated water bottle 750 ml in matte black from aqua steel"
        let vocabulary = ExtractiveFixtures.vocabulary().snapshot()
        #expect(check.judge("Insulated water bottle 750 ml matte black", transcript: transcript, vocabulary: vocabulary) == nil)
        #expect(check.judge("Noisy speech-recognition transcripts of live-stream and short-video sales",
                            transcript: transcript, vocabulary: vocabulary) == .scaffolding)
    }

    @Test func theCompletionPromptHasItsOwnCacheVersion() {
        #expect(SummaryPrompt.cacheVersion(language: .matchTranscript, api: .completion)
                != SummaryPrompt.cacheVersion(language: .matchTranscript))
        #expect(SummaryPrompt.cacheVersion(language: .matchTranscript) == "v1-match")  // chat keys unchanged
    }

    @Test func aChatShapedAnswerToTheCompletionEndpointIsNoSummary() async throws {
        // A server that answers /completions with a chat body has no choices[0].text: an empty completion.
        let server = try StubLLMServer { _ in StubLLMServer.completion("Cat scratch tree grey") }
        defer { server.stop() }
        let metrics = TestMetrics()
        let summary = try await Self.summarizer(server, metrics: metrics).summarize(GroundingCheckTests.transcript, maxWords: nil)
        #expect(summary.source == .extractive)
        #expect(try metrics.expectCounter("ampere_llm_summaries_rejected_total", [("reason", "empty")]).totalValue == 1)
    }
}
