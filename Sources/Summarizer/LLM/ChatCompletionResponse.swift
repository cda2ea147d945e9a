/// The parts of an OpenAI chat-completions response the summarizer reads; unknown fields are ignored.
public struct ChatCompletionResponse: Sendable, Equatable, Decodable {
    /// One candidate completion.
    public struct Choice: Sendable, Equatable, Decodable {
        /// The assistant message (some servers send `null` content on refusal).
        public struct Message: Sendable, Equatable, Decodable {
            /// The text, if any.
            public var content: String?
        }
        /// The message.
        public var message: Message?
        /// Why generation stopped (`stop`, `length`, ...).
        public var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case message
            case finishReason = "finish_reason"
        }
    }

    /// Candidates; the summarizer uses the first.
    public var choices: [Choice]
    /// The model that answered, if the server says.
    public var model: String?
}
