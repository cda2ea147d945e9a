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

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, stream
        case maxTokens = "max_tokens"
    }

    /// Creates a request body.
    public init(model: String, messages: [ChatMessage], temperature: Double, maxTokens: Int) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
    }
}
