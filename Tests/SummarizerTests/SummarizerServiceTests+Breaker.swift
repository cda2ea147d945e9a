import MetricsTestKit
import Retrieval
import Summarizer
import TestSupport
import Testing

extension SummarizerServiceTests {
    @Test func breakerOpensSkipsTheLLMAndClosesAfterCooldown() async throws {
        let failures = Array(repeating: StubLLMServer.error(500), count: 3)
        let h = try harness(script: failures) { $0.maxRetries = 0; $0.breakerThreshold = 3; $0.breakerCooldown = 30 }
        defer { h.server.stop() }
        for _ in 0..<3 { #expect(try await h.summarizer.summarize(Self.transcript, maxWords: nil).source == .extractive) }
        #expect(h.server.requests.count == 3)
        #expect(h.summarizer.llm?.breakerState == .open(until: 30))
        // Open: answered by the fallback at once, no request reaches the server.
        #expect(try await h.summarizer.summarize(Self.transcript + " again", maxWords: nil).source == .extractive)
        #expect(h.server.requests.count == 3)
        #expect(try h.metrics.expectCounter("ampere_summarizer_fallbacks_total", [("reason", "circuit_open")]).totalValue == 1)
        h.time.advance(30)
        let probe = try await h.summarizer.summarize(Self.transcript, maxWords: nil)
        #expect(probe.source == .llm)
        #expect(h.server.requests.count == 4)
        #expect(h.summarizer.llm?.breakerState == .closed(consecutiveFailures: 0))
    }

    @Test func cacheHitAnswersWithoutAnLLMCall() async throws {
        let h = try harness()
        defer { h.server.stop() }
        #expect(try await h.summarizer.summarize(Self.transcript, maxWords: nil).source == .llm)
        let again = try await h.summarizer.summarize(Self.transcript, maxWords: 2)
        #expect(again == Summary(text: "Sony WH-1000XM4", source: .cache, model: "stub-model"))
        #expect(h.server.requests.count == 1)
        #expect(h.cache.writes == 1)
        #expect(try h.metrics.expectCounter("ampere_summary_cache_hits_total").totalValue == 1)
    }

    @Test func longTranscriptsGoMapReduce() async throws {
        let h = try harness(script: [StubLLMServer.completion("part"), StubLLMServer.completion("part"),
                                     StubLLMServer.completion("part"), StubLLMServer.completion("Merged line")],
                            grounding: false) {
            $0.windowWords = 8
        }
        defer { h.server.stop() }
        let words = (1...20).map { "word\($0)" }.joined(separator: " ")
        let summary = try await h.summarizer.summarize(words, maxWords: nil)
        #expect(summary.text == "Merged line")
        #expect(h.server.requests.count == 4)
        let last = String(decoding: h.server.requests[3].body, as: UTF8.self)
        #expect(last.contains("Fact lines"))
    }

    @Test func apiKeyNeverReachesTheLogs() async throws {
        let h = try harness(script: [StubLLMServer.error(401), StubLLMServer.raw("{bad"), StubLLMServer.error(500)]) {
            $0.maxRetries = 0
        }
        defer { h.server.stop() }
        for i in 0..<4 { _ = try await h.summarizer.summarize(Self.transcript + " \(i)", maxWords: nil) }
        #expect(h.logs.text.contains("LLM summary failed"))  // the capture works and the failures were logged
        #expect(!h.logs.text.contains(Self.key))
        #expect(!h.logs.text.contains("SECRET"))
        let config = try #require(h.summarizer.config.llm)
        #expect(!"\(config)".contains("SECRET"))
        #expect(!String(reflecting: config).contains("SECRET"))
    }

    @Test func rejectsUnusableInput() async throws {
        let h = try harness()
        defer { h.server.stop() }
        await #expect(throws: RetrievalError.invalid(message: SummarizerError.emptyTranscript.description)) {
            try await h.summarizer.summarize("  \n ", maxWords: nil)
        }
        await #expect(throws: RetrievalError.invalid(message: SummarizerError.invalidMaxWords.description)) {
            try await h.summarizer.summarize("hello", maxWords: 0)
        }
        let huge = String(repeating: "a ", count: 40_000)
        await #expect(throws: RetrievalError.tooLarge(message: SummarizerError.transcriptTooLarge(limit: 65_536).description)) {
            try await h.summarizer.summarize(huge, maxWords: nil)
        }
        #expect(h.server.requests.isEmpty)
    }

    @Test func noLLMConfiguredMeansExtractive() async throws {
        let metrics = TestMetrics()
        let s = TranscriptSummarizer(config: SummarizerConfig(), vocabulary: ExtractiveFixtures.vocabulary(), logger: LogCapture().logger,
                           metrics: SummarizerMetrics(factory: metrics))
        let summary = try await s.summarize(Self.transcript, maxWords: 6)
        #expect(summary.source == .extractive && summary.model == nil)
        #expect(summary.text.split(separator: " ").count <= 6)
        #expect(try metrics.expectCounter("ampere_summarizer_fallbacks_total", [("reason", "no_llm")]).totalValue == 1)
    }
}
