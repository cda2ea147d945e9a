/// The chat-completions request the summarizer sends, as the stub received it (the fields this file checks).
struct ChatRequestMirror: Decodable {
    struct Message: Decodable, Equatable { var role: String, content: String }
    var model: String
    var temperature: Double
    var max_tokens: Int
    var stop: [String]?
    var messages: [Message]
}
