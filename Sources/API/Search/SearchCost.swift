import Retrieval

/// What a search costs in rate-limit tokens: one for the request (taken on its head, like every request), plus one
/// for every `millisPerToken` its own work took beyond the first: the vector stage (the HNSW walk or the filtered
/// exact scan), the lexical channel (BM25 over the inverted index or FTS5) and fusing.
///
/// The price follows the work actually done, whatever made it expensive: a filter that matches few appearances
/// (ef widened up to `index.filter_max_ef`, or the exact scan up to `index.filter_exact_budget` distances), a large
/// `ef` or `k`, a long query text whose many terms the lexical channel must score. Encoding and summarizing are
/// not counted: the encoder's cost per query is bounded by the input limits, and LLM calls have their own quota
/// (`limits.llm_pending_per_client`). A plain search takes well under `millisPerToken` and pays its one token; a filtered exact scan
/// over the whole index pays in proportion to its time, so one client cannot buy expensive searches at the
/// price of cheap ones. The tokens are taken when the search has run (`RequestContext.charge`): the bucket may
/// go into debt, and the client's next requests get 429 until it is paid off.
package struct SearchCost: Sendable, Equatable {
    /// Milliseconds of vector-stage time one token pays for; 0 charges every search one token.
    package var millisPerToken: Double

    /// A cost rule (`limits.search_token_ms`).
    package init(millisPerToken: Double = 2) { self.millisPerToken = max(0, millisPerToken) }

    /// Tokens owed beyond the request's first for `millis` of work.
    package func extraTokens(millis: Double) -> Int {
        guard millisPerToken > 0, millis.isFinite, millis > millisPerToken else { return 0 }
        return Int(min(1e9, (millis / millisPerToken).rounded(.up))) - 1
    }

    /// Tokens owed beyond the request's first for a search that took `timings`: its vector, lexical and fuse stages.
    package func extraTokens(for timings: SearchTimings) -> Int {
        extraTokens(millis: Self.chargedMillis(timings))
    }

    /// The milliseconds a search is charged for: its vector, lexical and fuse stages (the channels run side by
    /// side, but each took a core for its time).
    package static func chargedMillis(_ timings: SearchTimings) -> Double {
        [timings.ann, timings.lexical, timings.fuse].reduce(0) { $0 + ($1.isFinite ? max(0, $1) : 0) }
    }
}
