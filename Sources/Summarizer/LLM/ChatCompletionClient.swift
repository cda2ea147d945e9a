import FoundationEssentials
import HTTPClient

/// Calls `POST {base}/chat/completions` (or `POST {base}/completions` for a plain prompt) with retries: connection errors, timeouts, 429 and 5xx are retried with
/// jittered exponential backoff (honouring `Retry-After`); other 4xx fail at once. Malformed or empty completions
/// are errors, never summaries.
public final class ChatCompletionClient: Sendable {
    /// The configuration in use.
    public let config: LLMConfig
    private let http: CurlClient
    private let retry: RetryPolicy
    private let hooks: LLMHooks
    private let metrics: SummarizerMetrics

    /// Creates a client with its own capped `HTTPClient` (connect/total timeouts and concurrency from `config`).
    public init(config: LLMConfig, hooks: LLMHooks = .live, metrics: SummarizerMetrics) {
        self.config = config
        self.http = CurlClient(configuration: HTTPClientConfiguration(
            connectTimeout: config.connectTimeout, totalTimeout: config.totalTimeout,
            maxResponseBytes: config.maxResponseBytes, maxConcurrentRequests: config.maxConcurrentCalls))
        self.retry = RetryPolicy(maxRetries: config.maxRetries, base: config.backoffBase, cap: config.backoffMax,
                                 maxRetryAfter: config.maxRetryAfter)
        self.hooks = hooks
        self.metrics = metrics
    }

    /// Sends `messages` to `POST {base}/chat/completions` and returns the first choice's trimmed text. `maxTokens`
    /// (capped by `config.maxTokens`) bounds this completion; nil means `config.maxTokens`.
    public func complete(_ messages: [ChatMessage], maxTokens: Int? = nil) async throws(LLMError) -> String {
        let body = ChatCompletionRequest(model: config.model, messages: messages, temperature: config.temperature,
                                         maxTokens: tokenLimit(maxTokens), stop: stop)
        return try await send(body, to: config.chatCompletionsURL, decode: Self.decodeCompletion)
    }

    /// Sends `prompt` to `POST {base}/completions` (a base model continues it) and returns the first choice's
    /// trimmed `text`; same limits, stop sequence and retries as `complete(_:maxTokens:)`.
    public func complete(prompt: String, maxTokens: Int? = nil) async throws(LLMError) -> String {
        let body = TextCompletionRequest(model: config.model, prompt: prompt, temperature: config.temperature,
                                         maxTokens: tokenLimit(maxTokens), stop: stop)
        return try await send(body, to: config.completionsURL, decode: Self.decodeTextCompletion)
    }

    private func tokenLimit(_ maxTokens: Int?) -> Int { min(config.maxTokens, max(1, maxTokens ?? config.maxTokens)) }

    private var stop: [String]? { config.stopAtNewline ? ["\n"] : nil }

    /// Posts `body` to `url` with the retry loop; `decode` turns a 2xx body into the completion's text.
    private func send(_ body: some Encodable, to url: String,
                      decode: ([UInt8]) throws(LLMError) -> String) async throws(LLMError) -> String {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("Accept", "application/json")]
        if let key = config.apiKey { headers.append(("Authorization", "Bearer \(key.value)")) }
        let encoded: [UInt8]
        do { encoded = Array(try JSONEncoder().encode(body)) } catch { throw .malformedResponse("request encoding failed") }
        let request = ClientRequest(method: "POST", url: url, headers: headers, body: encoded)

        var attempt = 0
        while true {
            let failure: AttemptFailure
            do {
                return try await attemptOnce(request, decode: decode)
            } catch {
                failure = error
            }
            metrics.failure(failure.error.metricReason)
            guard attempt < retry.maxRetries, Self.isRetryable(failure.error),
                  let delay = retry.delay(attempt: attempt, retryAfter: failure.retryAfter, unit: hooks.random())
            else { throw failure.error }
            do { try await hooks.sleep(delay) } catch { throw failure.error }  // cancelled while backing off
            attempt += 1
        }
    }

    /// One attempt's failure plus the server's `Retry-After`, which only the retry loop needs.
    private struct AttemptFailure: Error {
        let error: LLMError
        var retryAfter: Double? = nil
    }

    private func attemptOnce(_ request: ClientRequest,
                             decode: ([UInt8]) throws(LLMError) -> String) async throws(AttemptFailure) -> String {
        metrics.llmCalls.increment()
        let started = hooks.now()
        let response: ClientResponse
        do { response = try await http.execute(request) } catch { throw AttemptFailure(error: .transport(error)) }
        metrics.llmLatency.recordNanoseconds(Int64(max(0, hooks.now() - started) * 1e9))
        guard (200..<300).contains(response.status) else {
            throw AttemptFailure(error: .http(status: response.status),
                                 retryAfter: RetryPolicy.parseRetryAfter(response.header("Retry-After")))
        }
        do { return try decode(response.body) } catch { throw AttemptFailure(error: error) }
    }

    /// Extracts the first choice's text; throws on anything that is not a usable completion.
    static func decodeCompletion(_ body: [UInt8]) throws(LLMError) -> String {
        let decoded: ChatCompletionResponse
        do { decoded = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(body)) } catch {
            throw .malformedResponse("not a chat completion (\(body.count) bytes)")
        }
        guard let content = decoded.choices.first?.message?.content else { throw .emptyCompletion }
        let text = content.trimmingSpaces
        guard !text.isEmpty else { throw .emptyCompletion }
        return text
    }

    /// Extracts the first choice's `text` of a text completion; throws on anything that is not a usable one.
    static func decodeTextCompletion(_ body: [UInt8]) throws(LLMError) -> String {
        let decoded: TextCompletionResponse
        do { decoded = try JSONDecoder().decode(TextCompletionResponse.self, from: Data(body)) } catch {
            throw .malformedResponse("not a text completion (\(body.count) bytes)")
        }
        guard let content = decoded.choices.first?.text else { throw .emptyCompletion }
        let text = content.trimmingSpaces
        guard !text.isEmpty else { throw .emptyCompletion }
        return text
    }

    static func isRetryable(_ error: LLMError) -> Bool {
        switch error {
        case .transport(let e): return e.isTransient
        case .http(let status): return RetryPolicy.isRetryable(status: status)
        case .circuitOpen, .malformedResponse, .emptyCompletion, .tooManyWindows: return false
        }
    }
}
