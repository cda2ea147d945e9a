import CoreMetrics

/// Per-stage search latency on `/metrics`: `ampere_search_stage_seconds{stage}`, one histogram per
/// `SearchTimings` stage (a fixed set, so label cardinality stays bounded). Stages a search skipped (no
/// transcript to summarize, no vector or lexical channel) are not recorded.
public final class SearchMetrics: Sendable {
    private let timers: [String: Timer]

    /// Registers the timers with `factory`.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        var timers: [String: Timer] = [:]
        for stage in SearchTimings().stages {
            timers[stage.name] = Timer(label: "ampere_search_stage_seconds", dimensions: [("stage", stage.name)],
                                       preferredDisplayUnit: .seconds, factory: factory)
        }
        self.timers = timers
    }

    /// Records the stages of one search that ran (non-zero durations).
    public func record(_ timings: SearchTimings) {
        for stage in timings.stages where stage.millis > 0 {
            timers[stage.name]?.recordNanoseconds(Int64(stage.millis * 1_000_000))
        }
    }
}
