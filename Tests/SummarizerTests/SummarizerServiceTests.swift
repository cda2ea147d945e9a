import Foundation
import HTTPClient
import Logging
import MetricsTestKit
import Retrieval
import Summarizer
import TestSupport
import Testing

/// The service against a scripted OpenAI-compatible stub over a real socket.
@Suite struct SummarizerServiceTests {
    static let key = "sk-test-SECRET-0123456789"
    static let transcript = "hey guys so this is the sony w h one thousand x m four noise cancelling headphones in black follow for more"

    struct Harness {
        let server: StubLLMServer
        let summarizer: TranscriptSummarizer
        let time: ManualTime
        let metrics: TestMetrics
        let logs: LogCapture
        let cache: MemorySummaryCache
    }

    func harness(script: [StubLLMServer.Reply] = [], baseURL: String? = nil, cache: Bool = true, grounding: Bool = true,
                 configure: (inout LLMConfig) -> Void = { _ in }) throws -> Harness {
        let server = try StubLLMServer(script: script, fallbackReply: StubLLMServer.completion("Sony WH-1000XM4 headphones black"))
        var llm = LLMConfig(baseURL: baseURL ?? server.baseURL, model: "stub-model", apiKey: APIKey(Self.key))
        llm.totalTimeout = 10  // generous: the whole test run shares two cores; the timeout test sets its own
        llm.connectTimeout = 5
        configure(&llm)
        let time = ManualTime(), metrics = TestMetrics(), logs = LogCapture(), memory = MemorySummaryCache()
        var config = SummarizerConfig(llm: llm)
        if !grounding { config.grounding = nil }
        let summarizer = TranscriptSummarizer(config: config, vocabulary: ExtractiveFixtures.vocabulary(),
                                    cache: cache ? memory : nil, logger: logs.logger,
                                    metrics: SummarizerMetrics(factory: metrics), hooks: time.hooks)
        return Harness(server: server, summarizer: summarizer, time: time, metrics: metrics, logs: logs, cache: memory)
    }

    @Test func successSendsTheWireFormatAndTheKey() async throws {
        let h = try harness()
        defer { h.server.stop() }
        let summary = try await h.summarizer.summarize(Self.transcript, maxWords: nil)
        #expect(summary == Summary(text: "Sony WH-1000XM4 headphones black", source: .llm, model: "stub-model"))
        let request = try #require(h.server.requests.first)
        #expect(request.method == "POST" && request.path == "/v1/chat/completions")
        #expect(request.header("Authorization") == "Bearer \(Self.key)")
        let body = try JSONDecoder().decode(ChatRequestMirror.self, from: Data(request.body))
        #expect(body.model == "stub-model")
        #expect(body.temperature == 0)
        #expect(body.max_tokens == 80, "2 x the 32-word budget + 16, under the 96 cap")
        #expect(body.stop == ["\n"])
        let messages = body.messages
        #expect(messages.count == 2 && messages[1].content.contains(Self.transcript))
        #expect(try h.metrics.expectCounter("ampere_llm_calls_total").totalValue == 1)
        #expect(try h.metrics.expectTimer("ampere_llm_latency_seconds").values.count == 1)
    }

    @Test func rateLimitedThenSuccessHonoursRetryAfter() async throws {
        let h = try harness(script: [StubLLMServer.error(429, headers: [("Retry-After", "3")])])
        defer { h.server.stop() }
        let summary = try await h.summarizer.summarize(Self.transcript, maxWords: nil)
        #expect(summary.source == .llm)
        #expect(h.server.requests.count == 2)
        #expect(h.time.sleeps == [3])
        #expect(try h.metrics.expectCounter("ampere_llm_failures_total", [("reason", "http_429")]).totalValue == 1)
    }

    @Test func serverErrorThenSuccessBacksOff() async throws {
        let h = try harness(script: [StubLLMServer.error(500), StubLLMServer.error(503)])
        defer { h.server.stop() }
        let summary = try await h.summarizer.summarize(Self.transcript, maxWords: nil)
        #expect(summary.source == .llm)
        #expect(h.server.requests.count == 3)
        #expect(h.time.sleeps == [0.1875, 0.375])  // base 0.25 doubled, equal jitter at draw 0.5
    }

    @Test func clientErrorIsNotRetriedAndFallsBack() async throws {
        let h = try harness(script: [StubLLMServer.error(401)])
        defer { h.server.stop() }
        let summary = try await h.summarizer.summarize(Self.transcript, maxWords: nil)
        #expect(summary.source == .extractive)
        #expect(summary.text.contains("wh1000xm4"))
        #expect(h.server.requests.count == 1)
        #expect(h.time.sleeps.isEmpty)
        #expect(try h.metrics.expectCounter("ampere_summarizer_fallbacks_total", [("reason", "llm_error")]).totalValue == 1)
    }

    @Test func timeoutRetriesThenFallsBack() async throws {
        let slow = StubLLMServer.completion("late", delay: 3)
        let h = try harness(script: [slow, slow]) { $0.maxRetries = 1; $0.totalTimeout = 0.2 }
        defer { h.server.stop() }
        let summary = try await h.summarizer.summarize(Self.transcript, maxWords: nil)
        #expect(summary.source == .extractive)
        #expect(h.server.requests.count == 2)
        #expect(try h.metrics.expectCounter("ampere_llm_failures_total", [("reason", "timeout")]).totalValue == 2)
    }

    @Test func connectionRefusedFallsBack() async throws {
        let dead = try StubLLMServer()
        let url = dead.baseURL
        await dead.shutdown()
        let h = try harness(baseURL: url) { $0.maxRetries = 1 }
        defer { h.server.stop() }
        let summary = try await h.summarizer.summarize(Self.transcript, maxWords: nil)
        #expect(summary.source == .extractive)
        // Refused (curl: couldn't connect) is the expected reason; a listener still closing when the test connects
        // can instead reset the connection (transport). Either way: one call, one retry, both counted as failures.
        let connect = try h.metrics.expectCounter("ampere_llm_failures_total", [("reason", "connect")]).totalValue
        let transport = try h.metrics.expectCounter("ampere_llm_failures_total", [("reason", "transport")]).totalValue
        #expect(connect + transport == 2)
    }

    @Test(arguments: [
        StubLLMServer.raw("{not json"),
        StubLLMServer.raw(#"{"id":"x","choices":[]}"#),
        StubLLMServer.completion("   "),
        StubLLMServer.raw(#"{"choices":[{"message":{"role":"assistant","content":null}}]}"#),
    ])
    func malformedOrEmptyCompletionIsAnErrorNotASummary(reply: StubLLMServer.Reply) async throws {
        let h = try harness(script: [reply])
        defer { h.server.stop() }
        let summary = try await h.summarizer.summarize(Self.transcript, maxWords: nil)
        #expect(summary.source == .extractive)
        #expect(h.server.requests.count == 1)  // not retried
        #expect(h.cache.writes == 0)
    }
}

