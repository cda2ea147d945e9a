import Retrieval

/// What a search costs in rate-limit tokens: one for the request (taken on its head, like every request), plus one
/// for every `millisPerToken` its vector stage (the HNSW walk or the filtered exact scan) took beyond the first.
///
/// The price follows the work actually done, whatever made it expensive: a filter that matches few appearances
/// (ef widened up to `index.filter_max_ef`, or the exact scan up to `index.filter_exact_budget` distances), a large
/// `ef` or `k`. A plain search takes well under `millisPerToken` and pays its one token; a filtered exact scan
/// over the whole index pays in proportion to its time, so one client cannot buy expensive searches at the
/// price of cheap ones. The tokens are taken when the search has run (`RequestContext.charge`): the bucket may
/// go into debt, and the client's next requests get 429 until it is paid off.
package struct SearchCost: Sendable, Equatable {
    /// Milliseconds of vector-stage time one token pays for; 0 charges every search one token.
    package var millisPerToken: Double

    /// A cost rule (`limits.search_token_ms`).
    package init(millisPerToken: Double = 2) { self.millisPerToken = max(0, millisPerToken) }

    /// Tokens owed beyond the request's first for a vector stage of `annMillis`.
    package func extraTokens(annMillis: Double) -> Int {
        guard millisPerToken > 0, annMillis.isFinite, annMillis > millisPerToken else { return 0 }
        return Int(min(1e9, (annMillis / millisPerToken).rounded(.up))) - 1
    }
}
