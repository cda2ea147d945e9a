import Foundation
import MetricsTestKit
import Summarizer
import TestSupport
import Testing

/// What each LLM call costs: the stop sequence, the token budget, and a prompt prefix that stays the same across
/// calls (llama.cpp and hosted APIs reuse a cached prefix).
@Suite struct LLMRequestShapeTests {
    func bodies(transcripts: [String], configure: (inout LLMConfig) -> Void = { _ in },
                maxWords: Int = 32) async throws -> [ChatRequestMirror] {
        let server = try StubLLMServer { _ in StubLLMServer.completion("line") }
        defer { server.stop() }
        var llm = LLMConfig(baseURL: server.baseURL, model: "m")
        llm.windowWords = 6
        configure(&llm)
        var config = SummarizerConfig(llm: llm)
        config.grounding = nil
        config.defaultMaxWords = maxWords
        let summarizer = TranscriptSummarizer(config: config, logger: LogCapture().logger,
                                              metrics: SummarizerMetrics(factory: TestMetrics()))
        for t in transcripts { _ = try await summarizer.summarize(t, maxWords: nil) }
        return try server.requests.map { try JSONDecoder().decode(ChatRequestMirror.self, from: Data($0.body)) }
    }

    @Test func everyCallStopsAtTheEndOfTheLineAndAsksForTheWordBudget() async throws {
        let sent = try await bodies(transcripts: ["one two three", "a b c d e f g h i j k l"], maxWords: 10)
        #expect(sent.count == 1 + 3)  // the short one, then two windows and the reduce
        for body in sent {
            #expect(body.stop == ["\n"])
            #expect(body.max_tokens == 36)
        }
        let capped = try await bodies(transcripts: ["one two three"], configure: { $0.maxTokens = 20 }, maxWords: 10)
        #expect(capped.first?.max_tokens == 20)
        let unstopped = try await bodies(transcripts: ["one two three"], configure: { $0.stopAtNewline = false })
        #expect(unstopped.first?.stop == nil)
    }

    @Test func thePromptPrefixIsTheSameForEveryTranscript() async throws {
        let sent = try await bodies(transcripts: ["the first transcript", "another one, quite different"])
        #expect(sent.count == 2)
        let (a, b) = (sent[0].messages, sent[1].messages)
        #expect(a[0].role == "system" && a[0] == b[0], "the system message does not vary")
        #expect(a[1].content.hasPrefix("Transcript:\n<<<\n") && b[1].content.hasPrefix("Transcript:\n<<<\n"))
        // Only the transcript itself varies, and it comes last.
        #expect(a[1].content == "Transcript:\n<<<\nthe first transcript\n>>>")
    }
}
