import Foundation
import Testing
import TestSupport

/// Issue 6: `/embed` and `/summarize` over a real socket (with the built-in hashing encoder and a stub LLM).
@Suite("Embed and summarize end to end")
struct QueryRoutesE2ETests {
    static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    @Test(arguments: TestMode.allCases)
    func embedReportsDimensionsAndBranches(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        let image = CatalogFixtures.pngBase64(seed: 11)

        let text = try await app.post("/embed", ["text": "stainless steel water bottle"])
        #expect(text.status == 200, "\(text.text)")
        let textAnswer = try text.decode(EmbedAnswer.self)
        let fused = textAnswer.embedding
        let dim = textAnswer.dim
        #expect(fused.count == dim)
        let textBranch = try #require(textAnswer.branches.text)
        #expect(textAnswer.branches.visual == nil)
        #expect(abs(Self.norm(textBranch) - 1) < 1e-3)
        #expect(textAnswer.summary == nil)
        // A missing branch contributes a zero block, not a bias.
        #expect(fused[textBranch.count...].allSatisfy { $0 == 0 })

        let visual = try await app.post("/embed", ["images": [image]])
        #expect(visual.status == 200, "\(visual.text)")
        let visualAnswer = try visual.decode(EmbedAnswer.self)
        let visualBranch = try #require(visualAnswer.branches.visual)
        #expect(visualAnswer.branches.text == nil)
        #expect(visualAnswer.dim == dim)
        #expect(textBranch.count + visualBranch.count == dim)
        let vFused = visualAnswer.embedding
        #expect(vFused[..<textBranch.count].allSatisfy { $0 == 0 })

        let both = try await app.post("/embed", ["text": "stainless steel water bottle", "images": [image]])
        let bothAnswer = try both.decode(EmbedAnswer.self)
        #expect(abs(Self.norm(bothAnswer.embedding) - 1) < 1e-3)  // both branches: unit length by design
        #expect(bothAnswer.branches.text == textBranch)  // deterministic, per-branch
        #expect(bothAnswer.branches.visual == visualBranch)

        // The transcript's words must be rare in the catalog for the extractive summary to keep them.
        for (id, title) in [("b1", "Insulated water bottle"), ("b2", "Ceramic teapot"), ("b3", "Cotton towel")] {
            #expect(try await app.post("/products", CatalogFixtures.product(id, title: title)).status == 201)
        }
        let asr = try await app.post("/embed", ["asr": "um so uh this water bottle keeps it cold all day"])
        #expect(asr.status == 200, "\(asr.text)")
        let asrAnswer = try asr.decode(EmbedAnswer.self)
        let summary = try #require(asrAnswer.summary)
        #expect(summary.source == "extractive")
        #expect(summary.text.contains("bottle"), "\(summary)")
        #expect(asrAnswer.embedding.count == dim)

        let empty = try await app.post("/embed", ["text": ""])
        #expect(empty.status == 400)
        #expect(empty.errorCode == "empty_query")
    }

    @Test(arguments: TestMode.allCases)
    func summarizeWithoutAnLLMIsExtractiveEveryTime(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        let asr = "okay guys so today uh we have the the amazing ceramic teapot it holds one liter of tea"
        for _ in 0..<2 {
            let r = try await app.post("/summarize", ["asr": asr, "max_words": 8])
            #expect(r.status == 200, "\(r.text)")
            // Only LLM summaries are cached (see Summarizer): with no LLM the source stays "extractive".
            let answer = try r.decode(SummarizeAnswer.self)
            #expect(answer.source == "extractive")
            let words = answer.summary.split(separator: " ")
            #expect(!words.isEmpty && words.count <= 8, "\(r.text)")
        }
        let invalid: [(body: Any, code: String)] = [(["asr": "   "], "invalid_field"), (["asr": asr, "max_words": 0], "invalid_field")]
        for (body, code) in invalid {
            let r = try await app.post("/summarize", body)
            #expect(r.status == 400, "\(r.text)")
            #expect(r.errorCode == code)
        }
    }

    @Test func summarizeWithAnLLMIsLLMThenCacheAndTheCacheSurvivesARestart() async throws {
        let llm = try StubLLMServer(fallbackReply: StubLLMServer.completion("Ceramic teapot, one litre."))
        defer { llm.stop() }
        let data = try TemporaryDirectory()
        let settings = ["llm.base_url": llm.baseURL, "data.dir": data.path, "llm.retries": "0"]
        let asr = "okay guys so today uh we have the the amazing ceramic teapot it holds one liter of tea"
        let first = try await CatalogHarness.start(settings: settings)
        let a = try await first.post("/summarize", ["asr": asr])
        #expect(a.status == 200, "\(a.text)")
        #expect(try a.decode(SummarizeAnswer.self) == SummarizeAnswer(summary: "Ceramic teapot, one litre.", source: "llm",
                                                                      model: "default"))
        let b = try await first.post("/summarize", ["asr": asr]).decode(SummarizeAnswer.self)
        #expect(b.source == "cache")
        #expect(b.summary == "Ceramic teapot, one litre.")
        #expect(llm.requests.count == 1)
        await first.shutdown()

        let second = try await CatalogHarness.start(settings: settings)
        defer { second.stop() }
        let c = try await second.post("/summarize", ["asr": asr]).decode(SummarizeAnswer.self)
        #expect(c.source == "cache")
        #expect(llm.requests.count == 1)
        let other = try await second.post("/summarize", ["asr": asr + " and a lid"]).decode(SummarizeAnswer.self)
        #expect(other.source == "llm")
        #expect(llm.requests.count == 2)
    }

    @Test func searchAndUpsertSummarizeTranscriptsThroughTheLLM() async throws {
        // The stub answers every prompt with the same product line, whatever the (noisy) transcript says. Grounding
        // would rightly reject such a line (not one word of it was said); it is off so the test can show that the
        // LLM's line, not the transcript, is what gets encoded.
        let llm = try StubLLMServer(fallbackReply: StubLLMServer.completion("Capybara kettle"))
        defer { llm.stop() }
        let app = try await CatalogHarness.start(settings: ["llm.base_url": llm.baseURL, "llm.retries": "0",
                                                            "llm.grounding": "false"])
        defer { app.stop() }
        for (i, title) in ["Cotton towel", "Wool scarf", "Capybara kettle", "Leather wallet"].enumerated() {
            #expect(try await app.post("/products", CatalogFixtures.product("k\(i)", title: title)).status == 201)
        }
        let video = try await app.post("/products", CatalogFixtures.product(
            "v1", title: "Glass jar", media: [CatalogFixtures.media("video", asr: "mumble mumble noisy words")]))
        #expect(video.status == 201, "\(video.text)")
        let summary = try video.decode(ProductAnswer.self).appearances.last?.summary
        #expect(summary == SummaryAnswer(text: "Capybara kettle", source: "llm", model: "default"))

        let r = try await app.post("/search", ["asr": "uh hmm the the thing you know", "k": 3, "mode": "vector"])
        #expect(r.status == 200, "\(r.text)")
        let answer = try r.decode(SearchAnswer.self)
        #expect(answer.summary?.source == "llm")
        let hits = answer.hits.map(\.id)
        // The LLM's line, not the transcript, is what was encoded: the kettle and the video that "said" it lead.
        #expect(Set(hits.prefix(2)) == ["k2", "v1"], "\(hits)")
        let again = try await app.post("/search", ["asr": "uh hmm the the thing you know", "k": 3, "mode": "vector"])
        #expect(try again.decode(SearchAnswer.self).summary?.source == "cache")
        #expect(llm.requests.count == 2)
    }

    @Test func anEchoingLLMIsRejectedAndCountedAGoodLineIsUsed() async throws {
        // The stub echoes the prompt (delimiters and all) for one transcript and answers well for the other.
        let llm = try StubLLMServer { request in
            let user = StubLLMServer.messages(of: request)?["user"] ?? ""
            return StubLLMServer.completion(user.contains("echo") ? user : "Ceramic teapot, 1 litre")
        }
        defer { llm.stop() }
        let app = try await CatalogHarness.start(settings: ["llm.base_url": llm.baseURL, "llm.retries": "0"])
        defer { app.stop() }
        #expect(try await app.post("/products", CatalogFixtures.product("t1", title: "Ceramic teapot 1 litre")).status == 201)
        let asr = "okay guys so today uh we have the the ceramic teapot it holds one liter of tea"
        let bad = try await app.post("/summarize", ["asr": "echo " + asr]).decode(SummarizeAnswer.self)
        #expect(bad.source == "extractive" && bad.model == nil, "\(bad)")
        #expect(!bad.summary.contains("<<<") && !bad.summary.contains("Transcript"), "\(bad)")
        let good = try await app.post("/summarize", ["asr": asr]).decode(SummarizeAnswer.self)
        #expect(good == SummarizeAnswer(summary: "Ceramic teapot, 1 litre", source: "llm", model: "default"))
        let search = try await app.post("/search", ["asr": "echo " + asr, "k": 1]).decode(SearchAnswer.self)
        #expect(search.summary?.source == "extractive")
        #expect(search.hits.first?.id == "t1")

        let metrics = try await app.get("/metrics").text
        #expect(metrics.contains(#"ampere_llm_summaries_rejected_total{reason="scaffolding"} 2"#), "\(metrics)")
        #expect(metrics.contains(#"ampere_llm_summaries_rejected_total{reason="copy"} 0"#))
        #expect(metrics.contains("ampere_llm_summaries_accepted_total 1"))
        #expect(metrics.contains(#"ampere_summarizer_fallbacks_total{reason="rejected"} 2"#))
    }
}
