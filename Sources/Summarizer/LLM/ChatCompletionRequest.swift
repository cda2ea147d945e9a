/// The body of `POST /chat/completions` (the subset every OpenAI-compatible server accepts).
public struct ChatCompletionRequest: Sendable, Equatable, Codable {
    /// Model name.
    public var model: String
    /// Conversation.
    public var messages: [ChatMessage]
    /// Sampling temperature.
    public var temperature: Double
    /// Completion length limit.
    public var maxTokens: Int
    /// Always false: the summarizer needs the whole line at once.
    public var stream: Bool = false
    /// Sequences that end the completion (`["\n"]`: the summary is one line, and a model that would run on to
    /// `max_tokens` stops there); left out of the body when nil.
    public var stop: [String]?

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, stream, stop
        case maxTokens = "max_tokens"
    }

    /// Creates a request body.
    public init(model: String, messages: [ChatMessage], temperature: Double, maxTokens: Int, stop: [String]? = nil) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.stop = stop
    }
}
