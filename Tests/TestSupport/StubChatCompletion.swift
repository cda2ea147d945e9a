/// The OpenAI chat-completion answer `StubLLMServer.completion` sends: one choice saying `content`.
struct StubChatCompletion: Encodable {
    struct Message: Encodable {
        var role = "assistant"
        var content: String
    }
    struct Choice: Encodable {
        var index = 0
        var finish_reason = "stop"
        var message: Message
    }
    struct Usage: Encodable {
        var prompt_tokens = 10
        var completion_tokens = 5
        var total_tokens = 15
    }
    var id = "chatcmpl-stub"
    var object = "chat.completion"
    var created = 0
    var model = "stub-model"
    var choices: [Choice]
    var usage = Usage()

    init(content: String) { choices = [Choice(message: Message(content: content))] }
}
