/// Which OpenAI-compatible endpoint the summarizer calls (`llm.api`).
public enum LLMAPI: String, Sendable, Equatable, CaseIterable {
    /// `POST {base}/chat/completions` with a system and a user message (instruct / chat models).
    case chat
    /// `POST {base}/completions` with one plain prompt string ending in a `Product:` cue, read from
    /// `choices[0].text` (base models, which continue text instead of following instructions).
    case completion
}

/// Settings of the OpenAI-compatible LLM summarizer. Without a base URL there is no LLM.
public struct LLMConfig: Sendable, Equatable {
    /// Base URL ending before `/chat/completions` or `/completions`, e.g. `http://127.0.0.1:8000/v1`
    /// (`AMPERE_LLM_BASE_URL`).
    public var baseURL: String
    /// The endpoint and prompt style: chat messages, or a completion-style prompt for base models.
    public var api: LLMAPI = .chat
    /// Model name sent in each request (`AMPERE_LLM_MODEL`).
    public var model: String
    /// Bearer key (`AMPERE_LLM_API_KEY` only; never in config files, never logged).
    public var apiKey: APIKey?
    /// Sampling temperature; 0 keeps summaries deterministic and cacheable.
    public var temperature: Double = 0
    /// Completion length limit per call (the summarizer asks for less when its word budget needs less).
    public var maxTokens: Int = 96
    /// Send `stop: ["\n"]`: the summary is one line, and generation ends with it instead of at `maxTokens`.
    public var stopAtNewline: Bool = true
    /// Seconds to establish a connection.
    public var connectTimeout: Double = 2
    /// Seconds for one whole HTTP exchange.
    public var totalTimeout: Double = 20
    /// Most LLM HTTP calls in flight; more wait in a queue without holding threads.
    public var maxConcurrentCalls: Int = 2
    /// Extra attempts after the first on connection errors, timeouts, 429 and 5xx.
    public var maxRetries: Int = 2
    /// First backoff delay in seconds; doubles per attempt, jittered.
    public var backoffBase: Double = 0.25
    /// Ceiling of one backoff delay in seconds.
    public var backoffMax: Double = 4
    /// Longest `Retry-After` honoured, in seconds; a longer one fails the call at once (the fallback answers).
    public var maxRetryAfter: Double = 10
    /// Consecutive failed summaries that open the circuit breaker.
    public var breakerThreshold: Int = 5
    /// Seconds the breaker stays open before one probe call is let through.
    public var breakerCooldown: Double = 30
    /// Words per map window for long transcripts (fits small-context models with the prompt and the answer).
    public var windowWords: Int = 350
    /// Most map windows one transcript may take (its calls are `windows + 1`); a longer transcript is not sent to
    /// the LLM at all (the extractive summary answers, reason `too_long`), so one request cannot queue dozens of calls.
    public var maxWindows: Int = 16
    /// Largest response body accepted from the LLM server, in bytes.
    public var maxResponseBytes: Int = 1 << 20

    /// Creates a configuration with the defaults above.
    public init(baseURL: String, model: String, apiKey: APIKey? = nil) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
    }

    /// `baseURL` + `/chat/completions`, tolerating a trailing slash.
    public var chatCompletionsURL: String { trimmedBase + "/chat/completions" }

    /// `baseURL` + `/completions` (the legacy text-completion endpoint), tolerating a trailing slash.
    public var completionsURL: String { trimmedBase + "/completions" }

    private var trimmedBase: String { baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }
}
