import Foundation
import Synchronization

/// A scriptable OpenAI-compatible chat-completions server for tests.
///
/// Each incoming request takes the next canned `Reply` from the script (FIFO); when the script is empty it answers
/// with `fallbackReply` (a valid completion). Every request is recorded so tests can assert the path, the
/// Authorization header and the JSON body. Runs on `RawSocketHTTPResponder` (see there for why).
public final class StubLLMServer: Sendable {
    /// A canned answer.
    public typealias Reply = RawSocketHTTPResponder.Reply
    /// A recorded request.
    public typealias Request = RawSocketHTTPResponder.Request

    private let responder: RawSocketHTTPResponder
    private let state: ScriptState
    /// What to answer once the script is exhausted.
    public let fallbackReply: Reply

    /// Starts the server; `script` is consumed one reply per request.
    public init(script: [Reply] = [], fallbackReply: Reply = StubLLMServer.completion("stub summary")) throws {
        let state = ScriptState(script: script)
        self.state = state
        self.fallbackReply = fallbackReply
        responder = try RawSocketHTTPResponder { request in
            state.locked.withLock { s in
                s.requests.append(request)
                return s.script.isEmpty ? fallbackReply : s.script.removeFirst()
            }
        }
    }

    /// `http://127.0.0.1:PORT/v1`, the value an `AMPERE_LLM_BASE_URL` would hold.
    public var baseURL: String { "http://127.0.0.1:\(responder.port)/v1" }

    /// The bound port.
    public var port: Int { responder.port }

    /// Requests received so far, in arrival order.
    public var requests: [Request] { state.locked.withLock { $0.requests } }

    /// Appends replies to the script.
    public func enqueue(_ replies: Reply...) { state.locked.withLock { $0.script.append(contentsOf: replies) } }

    /// Stops the listener.
    public func stop() { responder.stop() }

    /// A 200 reply holding an OpenAI chat completion whose single choice says `content`.
    public static func completion(_ content: String, delay: Double = 0) -> Reply {
        let object: [String: Any] = [
            "id": "chatcmpl-stub", "object": "chat.completion", "created": 0, "model": "stub-model",
            "choices": [["index": 0, "finish_reason": "stop", "message": ["role": "assistant", "content": content]]],
            "usage": ["prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15],
        ]
        let body = (try? JSONSerialization.data(withJSONObject: object)).map { Array($0) } ?? []
        return Reply(status: 200, headers: [("Content-Type", "application/json")], body: body, delay: delay)
    }

    /// A reply with `status`, a JSON error body and optional extra headers (e.g. Retry-After).
    public static func error(_ status: Int, headers: [(name: String, value: String)] = []) -> Reply {
        Reply(status: status, headers: headers + [("Content-Type", "application/json")],
              body: Array(#"{"error":{"message":"stub error","type":"stub"}}"#.utf8))
    }

    /// A 200 reply whose body is `text` verbatim (for malformed-JSON cases).
    public static func raw(_ text: String, status: Int = 200) -> Reply {
        Reply(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }
}

/// The script and the request log behind one lock; a class so the responder's escaping handler can share it.
private final class ScriptState: Sendable {
    let locked: Mutex<(script: [StubLLMServer.Reply], requests: [StubLLMServer.Request])>
    init(script: [StubLLMServer.Reply]) { locked = Mutex((script, [])) }
}
