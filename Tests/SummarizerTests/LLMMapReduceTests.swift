import Dispatch
import MetricsTestKit
import Retrieval
import Summarizer
import TestSupport
import Testing

/// The map step of long transcripts: order, the in-flight bound, failure, the breaker between calls, the window cap.
@Suite struct LLMMapReduceTests {
    /// `windows` windows of 4 words each, the first word of window `i` being `w{i}a`.
    static func transcript(windows: Int) -> String {
        (0..<windows).map { "w\($0)a w\($0)b w\($0)c w\($0)d" }.joined(separator: " ")
    }

    /// The first word of the transcript in a map request, or nil for the reduce request.
    static func windowTag(_ request: StubLLMServer.Request) -> String? {
        guard let user = StubLLMServer.messages(of: request)?["user"], user.hasPrefix("Transcript:") else { return nil }
        return user.split(whereSeparator: { $0.isWhitespace || $0 == "<" }).dropFirst().first.map(String.init)
    }

    func summarizer(_ server: StubLLMServer, metrics: TestMetrics = TestMetrics(),
                    configure: (inout LLMConfig) -> Void = { _ in }) -> TranscriptSummarizer {
        var llm = LLMConfig(baseURL: server.baseURL, model: "stub-model")
        llm.totalTimeout = 10
        llm.connectTimeout = 5
        llm.windowWords = 4
        llm.maxRetries = 0
        configure(&llm)
        var config = SummarizerConfig(llm: llm)
        config.grounding = nil  // these tests are about the calls, not about judging the lines
        return TranscriptSummarizer(config: config, vocabulary: ExtractiveFixtures.vocabulary(), logger: LogCapture().logger,
                                    metrics: SummarizerMetrics(factory: metrics), hooks: ManualTime().hooks)
    }

    @Test(arguments: [1, 2, 5], [1, 2, 8])
    func partialsReachTheReduceInWindowOrder(windows: Int, width: Int) async throws {
        let server = try StubLLMServer { request in
            if let tag = Self.windowTag(request) { return StubLLMServer.completion("line \(tag)") }
            return StubLLMServer.completion("merged")
        }
        defer { server.stop() }
        let summary = try await summarizer(server) { $0.maxConcurrentCalls = width }
            .summarize(Self.transcript(windows: windows), maxWords: nil)
        #expect(summary.source == .llm)
        let requests = server.requests
        if windows == 1 {
            #expect(summary.text == "line w0a")
            #expect(requests.count == 1)
            return
        }
        #expect(summary.text == "merged")
        #expect(requests.count == windows + 1)
        let reduce = try #require(requests.last.flatMap { StubLLMServer.messages(of: $0)?["user"] })
        let expected = (0..<windows).map { "\($0 + 1). line w\($0)a" }.joined(separator: "\n")
        #expect(reduce == "Fact lines:\n\(expected)")
    }

    @Test func oneAtATimeAFailedWindowStopsTheRest() async throws {
        let server = try StubLLMServer { request in
            Self.windowTag(request) == "w0a" ? StubLLMServer.error(400) : StubLLMServer.completion("line")
        }
        defer { server.stop() }
        let metrics = TestMetrics()
        let summary = try await summarizer(server, metrics: metrics) { $0.maxConcurrentCalls = 1 }
            .summarize(Self.transcript(windows: 5), maxWords: nil)
        #expect(summary.source == .extractive)
        #expect(server.requests.count == 1, "windows after the failed one were never sent")
        #expect(try metrics.expectCounter("ampere_summarizer_fallbacks_total", [("reason", "llm_error")]).totalValue == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func theBreakerIsAskedBetweenTheCallsOfOneSummary() async throws {
        // Window 0 of a two-window transcript is held at the stub until another summary has failed and opened the
        // breaker (threshold 1); the reduce call must then not be sent. (Two calls in flight: window 1 answers at
        // once and frees its client slot for the other summary.)
        let held = DispatchSemaphore(value: 0)
        let windowZeroArrived = AsyncGate()
        let server = try StubLLMServer { request in
            let user = StubLLMServer.messages(of: request)?["user"] ?? ""
            if user.contains("another") { return StubLLMServer.error(500) }
            if Self.windowTag(request) == "w0a" {
                windowZeroArrived.open()
                held.wait()
            }
            return StubLLMServer.completion(Self.windowTag(request) == nil ? "merged" : "line")
        }
        defer { server.stop() }
        let metrics = TestMetrics()
        let s = summarizer(server, metrics: metrics) { $0.maxConcurrentCalls = 2; $0.breakerThreshold = 1 }
        let long = Task { try await s.summarize(Self.transcript(windows: 2), maxWords: nil) }
        await windowZeroArrived.wait()
        #expect(try await s.summarize("another short transcript", maxWords: nil).source == .extractive)
        #expect(s.llm?.breakerState.isOpenState == true)
        held.signal()
        #expect(try await long.value.source == .extractive)
        let user = server.requests.map { StubLLMServer.messages(of: $0)?["user"] ?? "" }
        #expect(user.count == 3 && !user.contains { $0.hasPrefix("Fact lines") }, "\(user)")
        #expect(try metrics.expectCounter("ampere_summarizer_fallbacks_total", [("reason", "circuit_open")]).totalValue == 1)
    }

    @Test func overTheWindowCapNoCallIsMadeAndTheBreakerIsUntouched() async throws {
        let server = try StubLLMServer { _ in StubLLMServer.completion("line") }
        defer { server.stop() }
        let metrics = TestMetrics()
        let s = summarizer(server, metrics: metrics) { $0.maxWindows = 3; $0.breakerThreshold = 1 }
        #expect(try await s.summarize(Self.transcript(windows: 4), maxWords: nil).source == .extractive)
        #expect(server.requests.isEmpty)
        #expect(s.llm?.breakerState == .closed(consecutiveFailures: 0))
        #expect(try metrics.expectCounter("ampere_summarizer_fallbacks_total", [("reason", "too_long")]).totalValue == 1)
        // At the cap it is summarized.
        #expect(try await s.summarize(Self.transcript(windows: 3), maxWords: nil).source == .llm)
        #expect(server.requests.count == 4)
    }

    @Test func tooManyWindowsIsATypedErrorOfTheLLMSummarizer() async throws {
        let server = try StubLLMServer { _ in StubLLMServer.completion("line") }
        defer { server.stop() }
        var config = LLMConfig(baseURL: server.baseURL, model: "m")
        config.windowWords = 4
        config.maxWindows = 2
        let llm = LLMSummarizer(client: ChatCompletionClient(config: config, metrics: SummarizerMetrics(factory: TestMetrics())),
                                language: .matchTranscript, promptMaxWords: 16)
        await #expect(throws: LLMError.tooManyWindows(count: 3, limit: 2)) {
            try await llm.summarize(Self.transcript(windows: 3))
        }
        #expect(LLMError.tooManyWindows(count: 3, limit: 2).metricReason == "too_long")
    }
}

extension CircuitBreaker.State {
    var isOpenState: Bool { if case .open = self { return true } else { return false } }
}
