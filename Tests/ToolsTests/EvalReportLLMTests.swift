import Testing
@testable import Tools

/// The LLM lines of `ampere eval --summarizer llm`: acceptance among the lines the LLM gave, the share of summaries
/// answered before the deadline, and the rejection reasons as counted.
@Suite("eval report: the LLM's figures")
struct EvalReportLLMTests {
    static let stats = EvalReport.LLMStats(summaries: 40, accepted: 6, rejected: ["scaffolding": 3, "copy": 1], calls: 12,
                                           pastDeadline: 28, busy: 2, failed: 0, latencyP50Seconds: 2.5,
                                           latencyP99Seconds: 17.9)

    @Test func ratesComeFromTheCounts() {
        #expect(Self.stats.acceptanceRate == 0.6)
        #expect(Self.stats.withinDeadlineShare == 0.25)
        let none = EvalReport.LLMStats(summaries: 0, accepted: 0, rejected: [:], calls: 0, pastDeadline: 0, busy: 0,
                                       failed: 0, latencyP50Seconds: 0, latencyP99Seconds: 0)
        #expect(none.acceptanceRate == 0 && none.withinDeadlineShare == 0)
    }

    @Test func tableCarriesTheLLMLinesOnlyWhenThereAreFigures() {
        var report = EvalReport(slices: [:], latencyP50Millis: 1, latencyP99Millis: 2, productsIngested: 1, ingestErrors: 0,
                                ingestSeconds: 1, mode: "hybrid", summarizer: "llm")
        #expect(!report.table().contains("llm:"))
        report.llm = Self.stats
        let table = report.table()
        #expect(table.contains("acceptance=60.0% rejected: copy 1, scaffolding 3"), "\(table)")
        #expect(table.contains("call latency p50=2500.0 ms p99=17900.0 ms; within deadline 25.0% (past deadline 28, busy 2"),
                "\(table)")
    }

    @Test func summaryWaitSharesCountTheSummariesDoneByEachThreshold() {
        let within = EvalReport.summaryWithin([200, 900, 1000, 2500, 3100, 9000, 12_000, 400])
        #expect(within == ["1": 0.5, "3": 0.625, "10": 0.875])
        #expect(EvalReport.summaryWithin([]).isEmpty)
        var report = EvalReport(slices: [:], latencyP50Millis: 1, latencyP99Millis: 2, productsIngested: 1, ingestErrors: 0,
                                ingestSeconds: 1, mode: "hybrid", summarizer: "llm")
        report.summaryWithin = within
        #expect(report.table().contains("llm: summaries done within 1 s 50.0%, 3 s 62.5%, 10 s 87.5%"), "\(report.table())")
    }
}
