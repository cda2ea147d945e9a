import Synchronization

/// Who a request is for, and what it cost beyond its admission, carried through the request's task as a task-local
/// value: the request guard creates one per admitted API request (the client is its API key, else its IP address),
/// the routes and services below read and add to it, and the guard settles the account when the handler returns.
///
/// ```swift
/// let context = RequestContext(client: "key:3")
/// let response = try await RequestContext.$current.withValue(context) { try await handler(request) }
/// limiter.charge(context.client, tokens: context.extraTokens)
/// ```
/// Work that runs outside a request (catalog maintenance, summary upgrades) sees `current == nil`.
public final class RequestContext: Sendable {
    /// The context of the request this task serves, if any.
    @TaskLocal public static var current: RequestContext?

    private let resolve: @Sendable () -> String
    private let resolved = Mutex<String?>(nil)
    private let extra = Atomic<Int>(0)
    private let refusedLLM = Atomic<Bool>(false)

    /// A context for `client`.
    public convenience init(client: String) { self.init(resolving: { client }) }

    /// A context whose client is worked out by `resolve` on first use (most requests never ask: the guard
    /// then does not check the API key a second time).
    public init(resolving resolve: @escaping @Sendable () -> String) { self.resolve = resolve }

    /// The client's identity as the rate limiter knows it (`key:N` or `ip:ADDRESS`).
    public var client: String {
        resolved.withLock { value in
            if let value { return value }
            let client = resolve()
            value = client
            return client
        }
    }

    /// Rate-limit tokens the request owes beyond the one it paid on its head (an expensive search).
    public var extraTokens: Int { extra.load(ordering: .relaxed) }

    /// Adds `tokens` (at least 0) to what the request owes.
    public func charge(_ tokens: Int) {
        guard tokens > 0 else { return }
        extra.add(tokens, ordering: .relaxed)
    }

    /// Whether the summarizer kept this request from the LLM because the client already had its quota of LLM
    /// calls pending (the summary answered was the extractive one).
    public var llmQuotaExceeded: Bool { refusedLLM.load(ordering: .relaxed) }

    /// Records that the client's LLM quota was full.
    public func noteLLMQuotaExceeded() { refusedLLM.store(true, ordering: .relaxed) }
}
