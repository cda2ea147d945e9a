import Dispatch
import Foundation
import MetricsTestKit
import Retrieval
@testable import Summarizer
import Synchronization
import TestSupport
import Testing

/// Issue 14 #6, the rest: each client has a quota of pending LLM calls. Beyond it its summary is the extractive
/// one at once, while other clients' summaries still reach the LLM.
@Suite("Per-client LLM quota")
struct ClientLLMQuotaTests {
    /// What the held LLM's connection threads and the test share.
    final class Signals: Sendable {
        let release = DispatchSemaphore(value: 0)
        let released = Atomic<Bool>(false)
        let arrivals = Atomic<Int>(0)
        let gates = [AsyncGate(), AsyncGate(), AsyncGate(), AsyncGate()]
    }

    /// An LLM that holds every call until released (one thread per connection, so held calls never block others).
    struct HeldLLM {
        let signals = Signals()
        let responder: RawSocketHTTPResponder

        init() throws {
            let signals = signals
            responder = try RawSocketHTTPResponder { _ in
                let n = signals.arrivals.add(1, ordering: .relaxed).newValue
                for gate in signals.gates.prefix(n) { gate.open() }
                if !signals.released.load(ordering: .relaxed) { _ = signals.release.wait(timeout: .now() + 15) }
                return StubLLMServer.completion("Sony WH-1000XM4 headphones black")
            }
        }

        var arrivals: Int { signals.arrivals.load(ordering: .relaxed) }

        /// Waits until `n` calls arrived (n in 1...4).
        func arrived(_ n: Int) async { await signals.gates[n - 1].wait() }

        func releaseAll() {
            signals.released.store(true, ordering: .relaxed)
            for _ in 0..<16 { signals.release.signal() }
        }
    }

    static func transcript(_ n: Int) -> String {
        "so this is the sony w h one thousand x m four noise cancelling headphones take \(n) follow for more"
    }

    @Test func aClientOverItsQuotaGetsTheExtractiveSummaryAndOthersStillReachTheLLM() async throws {
        let llm = try HeldLLM()
        defer { llm.releaseAll(); llm.responder.stop() }
        var llmConfig = LLMConfig(baseURL: "http://127.0.0.1:\(llm.responder.port)/v1", model: "stub-model")
        llmConfig.maxConcurrentCalls = 8
        llmConfig.maxRetries = 0
        llmConfig.totalTimeout = 30
        var config = SummarizerConfig(llm: llmConfig)
        config.grounding = nil
        config.maxPendingLLMCallsPerClient = 2
        let metrics = TestMetrics()
        let summarizer = TranscriptSummarizer(config: config, vocabulary: ExtractiveFixtures.vocabulary(),
                                              logger: LogCapture().logger, metrics: SummarizerMetrics(factory: metrics))
        let a = RequestContext(client: "key:a"), b = RequestContext(client: "key:b")
        func summarize(_ n: Int, as context: RequestContext) async throws -> Summary {
            try await RequestContext.$current.withValue(context) { try await summarizer.summarize(Self.transcript(n), maxWords: nil) }
        }
        let first = Task { try await summarize(1, as: a) }
        let second = Task { try await summarize(2, as: a) }
        await llm.arrived(2)
        #expect(summarizer.quota.pending("key:a") == 2)

        // A third summary for the same client: over its quota, answered at once without an LLM call.
        let a3 = RequestContext(client: "key:a")
        let third = try await summarize(3, as: a3)
        #expect(third.source == .extractive)
        #expect(third.upgradable)
        #expect(a3.llmQuotaExceeded)
        #expect(llm.arrivals == 2)
        #expect(try metrics.expectCounter("ampere_summarizer_fallbacks_total", [("reason", "client_quota")]).totalValue == 1)

        // Another client is not held back by the first one's quota.
        let other = Task { try await summarize(4, as: b) }
        await llm.arrived(3)
        #expect(!b.llmQuotaExceeded)

        llm.releaseAll()
        #expect(try await first.value.source == .llm)
        #expect(try await second.value.source == .llm)
        #expect(try await other.value.source == .llm)
        #expect(summarizer.quota.pending("key:a") == 0)
        // With its calls finished the client may use the LLM again; work outside a request is never counted.
        #expect(try await summarize(5, as: a).source == .llm)
        #expect(try await summarizer.summarize(Self.transcript(6), maxWords: nil).source == .llm)
    }

    @Test func aClientWithNothingPendingMayStartOneLongSummary() {
        let quota = ClientLLMQuota(limit: 2)
        #expect(quota.reserve("x", calls: 17))
        #expect(!quota.reserve("x", calls: 1))
        #expect(quota.reserve("y", calls: 1))
        quota.release("x", calls: 17)
        #expect(quota.pending("x") == 0)
        #expect(quota.reserve("x", calls: 1) && quota.reserve("x", calls: 1))
        #expect(!quota.reserve("x", calls: 1))
        #expect(ClientLLMQuota(limit: 0).reserve("z", calls: 1_000))
    }
}
