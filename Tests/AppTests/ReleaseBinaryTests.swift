import Foundation
import Testing
import TestSupport

/// The release-built `ampere` named by `AMPERE_RELEASE_BINARY`, or nil (the suite is then skipped).
///
/// At file scope on purpose: declared inside the `@Suite` type, the lookup used by the suite's own `.enabled(if:)`
/// trait made the macro expansion refer to itself.
private func releaseBinary() -> URL? {
    guard let path = ProcessInfo.processInfo.environment["AMPERE_RELEASE_BINARY"], !path.isEmpty else { return nil }
    return URL(fileURLWithPath: path)
}

/// A transcript of `words` words: filler with the seeded product's words spread through it, `tag` first so that
/// each transcript (and its cache key) is distinct.
private func transcript(words: Int, tag: String) -> String {
    let filler = ["so", "guys", "um", "okay", "look", "at", "this", "one", "really", "nice", "right", "yeah"]
    var out = [tag]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(words)  // seeded, so every run sends the same text
    while out.count < words {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        out.append(out.count % 40 == 7 ? "brass desk lamp" : filler[Int(state >> 33) % filler.count])
    }
    return out.joined(separator: " ")
}

/// Optimised builds can differ from debug ones in ways that matter (issue 17: the map step of long transcripts
/// trapped with SIGILL only under -O), so this suite runs the release binary itself (`scripts/release-smoke` builds
/// it and sets `AMPERE_RELEASE_BINARY`) against a stub LLM, with transcripts of one, two and five map windows.
@Suite(.enabled(if: releaseBinary() != nil, "set AMPERE_RELEASE_BINARY to a release-built ampere"), .serialized)
struct ReleaseBinaryTests {
    /// Words per map window (`LLMConfig.windowWords`), and transcript lengths giving 1, 2 and 5 windows.
    static let windowWords = 350
    static let lengths = [(windows: 1, words: 120), (windows: 2, words: 500), (windows: 5, words: 1_600)]

    @Test(.timeLimit(.minutes(3)))
    func longTranscriptsGoThroughTheLLMAndTheProcessSurvives() async throws {
        let binary = try #require(releaseBinary())
        let llm = try StubLLMServer { request in
            let user = StubLLMServer.messages(of: request)?["user"] ?? ""
            return StubLLMServer.completion(user.hasPrefix("Fact lines") ? "Brass desk lamp" : "brass desk lamp")
        }
        defer { llm.stop() }
        let dir = try TemporaryDirectory()
        let portFile = dir.file("port")
        try await AmpereProcess.seedDataDirectory(dir.file("data"))
        let child = try AmpereProcess(
            executable: binary,
            ["serve", "--port", "0", "--port-file", portFile, "--data-dir", dir.file("data"),
             "--set", "encoder.text=hashing", "--set", "llm.deadline_s=0"],
            environment: ["AMPERE_LLM_BASE_URL": llm.baseURL, "AMPERE_LLM_MODEL": "stub-model"])
        let ready = await child.waitForOutput(containing: AmpereProcess.readyMarker)
        #expect(ready.contains(AmpereProcess.readyMarker), "\(ready.suffix(600))")
        let port = try #require(Int(try String(contentsOfFile: portFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let json = [("Content-Type", "application/json")]

        var expectedCalls = 0
        for (windows, words) in Self.lengths {
            let summarize = try JSONEncoder().encode(["asr": transcript(words: words, tag: "summarize\(windows)")])
            let answer = try await RawHTTPClient(port: port).request("POST", "/summarize", headers: json,
                                                                     body: Array(summarize))
            #expect(answer.status == 200, "\(windows) windows: \(answer.text.prefix(300))")
            let summary = try JSONDecoder().decode(SummarizeAnswer.self, from: Data(answer.body))
            #expect(summary.source == "llm" && summary.summary.lowercased() == "brass desk lamp", "\(summary)")

            let query = SearchFixture(asr: transcript(words: words, tag: "search\(windows)"), k: 3)
            let found = try await RawHTTPClient(port: port).request("POST", "/search", headers: json,
                                                                    body: Array(try JSONEncoder().encode(query)))
            #expect(found.status == 200, "\(windows) windows: \(found.text.prefix(300))")
            let hits = try JSONDecoder().decode(SearchAnswer.self, from: Data(found.body))
            #expect(hits.summary?.source == "llm", "\(String(describing: hits.summary))")
            #expect(hits.hits.first?.id == "seed-1")

            expectedCalls += 2 * (windows == 1 ? 1 : windows + 1)  // map calls plus the reduce, per request
            #expect(child.process.isRunning, "the server died on a \(windows)-window transcript")
        }
        #expect(llm.requests.count == expectedCalls, "every window reached the LLM once")

        let health = try await RawHTTPClient(port: port).request("GET", "/health")
        #expect(health.status == 200)
        kill(child.process.processIdentifier, SIGTERM)
        let (status, _, err) = await child.waitForExit()
        #expect(status == 0, "\(err.suffix(2000))")
    }
}
