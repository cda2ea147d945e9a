import HTTPClient

/// Why the LLM produced no summary. Descriptions never contain the API key, headers or the transcript.
public enum LLMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The circuit breaker is open: the LLM is skipped until the cool-down ends.
    case circuitOpen
    /// No HTTP response (connect failure, timeout, size cap ...).
    case transport(HTTPClientError)
    /// The server answered with a status that is not 2xx (after any retries).
    case http(status: Int)
    /// The body was not a chat completion.
    case malformedResponse(String)
    /// A well-formed completion with no choices or only whitespace.
    case emptyCompletion
    /// The transcript needs more map windows than `LLMConfig.maxWindows` allows; no call was made.
    case tooManyWindows(count: Int, limit: Int)

    /// A bounded label for metrics.
    public var metricReason: String {
        switch self {
        case .circuitOpen: return "circuit_open"
        case .transport(.timedOut): return "timeout"
        case .transport(.connectFailed): return "connect"
        case .transport(.responseTooLarge): return "too_large"
        case .transport: return "transport"
        case .http(429): return "http_429"
        case .http(let s) where s >= 500: return "http_5xx"
        case .http: return "http_4xx"
        case .malformedResponse: return "malformed"
        case .emptyCompletion: return "empty"
        case .tooManyWindows: return "too_long"
        }
    }

    /// One line for logs.
    public var description: String {
        switch self {
        case .circuitOpen: return "circuit breaker open"
        case .transport(let e): return "LLM transport error: \(e)"
        case .http(let s): return "LLM answered HTTP \(s)"
        case .malformedResponse(let why): return "malformed LLM response: \(why)"
        case .emptyCompletion: return "empty LLM completion"
        case .tooManyWindows(let count, let limit): return "transcript needs \(count) LLM windows, more than \(limit)"
        }
    }
}
