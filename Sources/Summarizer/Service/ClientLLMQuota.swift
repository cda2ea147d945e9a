import Synchronization

/// LLM calls pending per client (queued behind `llm.max_concurrent` or running), against a quota: one client cannot
/// fill the LLM's line however many summaries it asks for at once.
///
/// A summary reserves its calls (one, or `windows + 1` for a long transcript) before its first call and gives them
/// back when it ends (also when its caller stopped waiting at the deadline: the calls still hold the LLM). A client
/// with nothing pending may always start one summary, so a long transcript within `llm.max_windows` is never
/// refused for its size alone. Entries disappear when they reach zero: memory is bounded by the work in flight.
final class ClientLLMQuota: Sendable {
    /// Most calls one client may have pending; 0 turns the quota off.
    let limit: Int
    private let pending = Mutex<[String: Int]>([:])

    init(limit: Int) { self.limit = max(0, limit) }

    /// Calls pending for `client` now.
    func pending(_ client: String) -> Int { pending.withLock { $0[client] ?? 0 } }

    /// Reserves `calls` for `client`; false (nothing reserved) when they do not fit beside what it has pending.
    func reserve(_ client: String, calls: Int) -> Bool {
        guard limit > 0 else { return true }
        return pending.withLock { table in
            let now = table[client] ?? 0
            guard now == 0 || now + calls <= limit else { return false }
            table[client] = now + calls
            return true
        }
    }

    /// Gives back `calls` reserved for `client`.
    func release(_ client: String, calls: Int) {
        guard limit > 0 else { return }
        pending.withLock { table in
            let left = (table[client] ?? 0) - calls
            table[client] = left > 0 ? left : nil
        }
    }
}
