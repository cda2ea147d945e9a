import Foundation
import Testing
import TestSupport

/// `POST /search` tells where its time went in a `Server-Timing` header (W3C Server Timing syntax).
@Suite("Search Server-Timing header")
struct SearchTimingE2ETests {
    /// The header's metrics as (name, duration in ms), in order.
    static func metrics(_ value: String?) -> [(name: String, millis: Double)] {
        (value ?? "").split(separator: ",").compactMap { item in
            let parts = item.trimmingCharacters(in: .whitespaces).split(separator: ";")
            guard parts.count == 2, parts[1].hasPrefix("dur="), let ms = Double(parts[1].dropFirst(4)) else { return nil }
            return (String(parts[0]), ms)
        }
    }

    @Test func everyStageIsReportedAndOnlyTranscriptsAreSummarized() async throws {
        let app = try await CatalogHarness.start()
        defer { app.stop() }
        for (id, title) in [("b1", "Insulated water bottle"), ("b2", "Ceramic teapot"), ("b3", "Cotton towel")] {
            #expect(try await app.post("/products", CatalogFixtures.product(id, title: title)).status == 201)
        }
        let text = try await app.post("/search", ["text": "water bottle", "k": 3])
        #expect(text.status == 200, "\(text.text)")
        let stages = Self.metrics(text.headers["Server-Timing"])
        #expect(stages.map(\.name) == ["summarize", "encode", "ann", "lexical", "fuse"], "\(text.headers["Server-Timing"] ?? "none")")
        #expect(stages.allSatisfy { $0.millis >= 0 })
        #expect(stages.first?.millis == 0)  // no transcript, no summarizer call
        let took = try text.decode(SearchAnswer.self).tookMs
        // The lexical channel runs while the query is encoded, so stages overlap; none outlasts the whole search.
        #expect(stages.allSatisfy { $0.millis <= took + 0.01 })
        #expect(stages[1].millis + stages[2].millis + stages[4].millis <= took + 0.01)  // encode, ann, fuse: in sequence

        let asr = try await app.post("/search", ["asr": "um so this water bottle keeps it cold all day", "k": 3])
        #expect(asr.status == 200, "\(asr.text)")
        #expect(Self.metrics(asr.headers["Server-Timing"]).map(\.name) == ["summarize", "encode", "ann", "lexical", "fuse"])
        #expect(try asr.decode(SearchAnswer.self).summary != nil)

        // The same stages feed one histogram per stage on /metrics (summarize only for the transcript query).
        let metrics = try await app.get("/metrics").text
        for stage in ["summarize", "encode", "ann", "lexical", "fuse"] {
            #expect(metrics.contains("ampere_search_stage_seconds_count{stage=\"\(stage)\"}"), "no \(stage) histogram")
        }

        // An error answer carries the JSON error body and no timing.
        let bad = try await app.post("/search", ["k": 3])
        #expect(bad.status == 400 && bad.errorCode == "empty_query")
        #expect(bad.headers["Server-Timing"] == nil)
    }
}
