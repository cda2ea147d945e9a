import Foundation
import Retrieval
import Summarizer
import Testing

/// Against a real OpenAI-compatible server; runs only when `scripts/e2e-llm` sets `AMPERE_E2E_LLM_BASE_URL`
/// (it serves the tiny stories260K model with llama-cpp-python, so this proves the wire, not the quality).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["AMPERE_E2E_LLM_BASE_URL"] != nil))
struct LLMEndToEndTests {
    var config: LLMConfig {
        let env = ProcessInfo.processInfo.environment
        var c = LLMConfig(baseURL: env["AMPERE_E2E_LLM_BASE_URL"]!, model: env["AMPERE_E2E_LLM_MODEL"] ?? "stories260K",
                          apiKey: env["AMPERE_LLM_API_KEY"].flatMap(APIKey.init))
        c.maxTokens = 24
        c.totalTimeout = 120
        c.maxRetries = 0
        c.windowWords = 40  // the model's context is small and its 512-token vocabulary spends many tokens per word
        return c
    }

    static let transcript = """
    hey guys welcome back so today we have the sony w h one thousand x m four wireless noise cancelling headphones \
    in black smash that like button the battery is thirty hour and the touch controls are amazing link below guys
    """

    @Test func oneCompletionOverTheWire() async throws {
        let client = ChatCompletionClient(config: config, metrics: SummarizerMetrics())
        let started = ContinuousClock.now
        let text = try await client.complete(SummaryPrompt.messages(transcript: Self.transcript, language: .english, maxWords: 20))
        print("e2e completion (\(ContinuousClock.now - started)): \(text)")
        #expect(!text.isEmpty)
    }

    @Test func summarizerUsesTheLLMIncludingMapReduce() async throws {
        // stories260K writes children's stories: the grounding checks rightly reject them, and this test is about the
        // wire (map-reduce over real HTTP), so it trusts every line.
        var summarizerConfig = SummarizerConfig(llm: config)
        summarizerConfig.grounding = nil
        let summarizer = TranscriptSummarizer(config: summarizerConfig, logger: .init(label: "e2e"))
        let long = Array(repeating: Self.transcript, count: 3).joined(separator: " ")
        let started = ContinuousClock.now
        let summary = try await summarizer.summarize(long, maxWords: nil)
        print("e2e map-reduce summary (\(ContinuousClock.now - started)): [\(summary.source.rawValue)] \(summary.text)")
        #expect(summary.source == .llm)
        #expect(summary.model == config.model)
        #expect(!summary.text.isEmpty)
    }
}
