/// The body of `POST /completions` (the OpenAI text-completion endpoint, the subset llama.cpp, vLLM and
/// hosted OpenAI-compatible servers accept): one prompt string, continued by the model.
public struct TextCompletionRequest: Sendable, Equatable, Codable {
    /// Model name.
    public var model: String
    /// The whole prompt; the completion continues it.
    public var prompt: String
    /// Sampling temperature.
    public var temperature: Double
    /// Completion length limit.
    public var maxTokens: Int
    /// Always false: the summarizer needs the whole line at once.
    public var stream: Bool = false
    /// Sequences that end the completion (`["\n"]`: the product line ends there); left out when nil.
    public var stop: [String]?

    enum CodingKeys: String, CodingKey {
        case model, prompt, temperature, stream, stop
        case maxTokens = "max_tokens"
    }

    /// Creates a request body.
    public init(model: String, prompt: String, temperature: Double, maxTokens: Int, stop: [String]? = nil) {
        self.model = model
        self.prompt = prompt
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.stop = stop
    }
}

/// The parts of an OpenAI text-completion response the summarizer reads; unknown fields are ignored.
public struct TextCompletionResponse: Sendable, Equatable, Decodable {
    /// One candidate completion.
    public struct Choice: Sendable, Equatable, Decodable {
        /// The text that continues the prompt, if any.
        public var text: String?
        /// Why generation stopped (`stop`, `length`, ...).
        public var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case text
            case finishReason = "finish_reason"
        }
    }

    /// Candidates; the summarizer uses the first.
    public var choices: [Choice]
    /// The model that answered, if the server says.
    public var model: String?
}
