#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HTTPServer
import Synchronization

/// A scriptable OpenAI-compatible chat-completions server for tests, running on our own `HTTPServer`.
///
/// Each incoming request takes the next canned `Reply` from the script (FIFO); when the script is empty it answers
/// with `fallbackReply` (a valid completion). Every request is recorded so tests can assert the path, the
/// Authorization header and the JSON body. Routes: `POST /v1/chat/completions`, plus GET/POST/DELETE on `/v1` and
/// `/v1/{path}` (which serves `POST /v1/completions`, the text-completion API) for plain client tests.
package final class StubLLMServer: Sendable {
    /// A canned answer; `delay` seconds pass before it is sent.
    package typealias Reply = RawSocketHTTPResponder.Reply
    /// A recorded request.
    package typealias Request = RawSocketHTTPResponder.Request

    private let live: LiveServer
    private let state: ScriptState
    /// What to answer once the script is exhausted.
    package let fallbackReply: Reply

    /// Starts the server on 127.0.0.1 and a free port; `script` is consumed one reply per request.
    package convenience init(script: [Reply] = [], fallbackReply: Reply = StubLLMServer.completion("stub summary")) throws {
        try self.init(script: script, fallbackReply: fallbackReply, respond: nil)
    }

    /// Starts a server that answers each request (after any `script`) with `respond(request)`: for answers that
    /// depend on what was asked (echoing the prompt, one line per map window).
    package convenience init(script: [Reply] = [], respond: @escaping @Sendable (Request) -> Reply) throws {
        try self.init(script: script, fallbackReply: StubLLMServer.completion("stub summary"), respond: respond)
    }

    private init(script: [Reply], fallbackReply: Reply, respond: (@Sendable (Request) -> Reply)?) throws {
        let state = ScriptState(script: script, fallback: fallbackReply, respond: respond)
        self.state = state
        self.fallbackReply = fallbackReply
        // Synchronous on the server's worker thread, not a Task: the stub must answer even while other tests keep
        // the two-thread concurrency pool busy (a starved async handler looked like an LLM timeout). A scripted
        // delay therefore holds that worker, which is what a slow server does too.
        let handler: RouteHandler = .sync { request in
            let reply = state.next(Request(method: request.method.rawValue, path: String(request.path),
                                           headers: request.headers.fields, body: request.body))
            if reply.delay > 0 { usleep(useconds_t(reply.delay * 1_000_000)) }
            var headers = HTTPHeaders()
            for h in reply.headers { headers.add(h.name, h.value) }
            return HTTPResponse(status: HTTPStatus(reply.status), headers: headers, body: reply.body)
        }
        var router = Router()
        router.add(.post, "/v1/chat/completions", handler)
        for method in [HTTPMethod.get, .post, .delete] {
            router.add(method, "/v1", handler)
            router.add(method, "/v1/{path}", handler)
        }
        live = try LiveServer(router: router)
    }

    /// `http://127.0.0.1:PORT/v1`, the value an `AMPERE_LLM_BASE_URL` would hold.
    package var baseURL: String { live.baseURL + "/v1" }

    /// The bound port.
    package var port: Int { live.port }

    /// Requests received so far, in arrival order.
    package var requests: [Request] { state.locked.withLock { $0.requests } }

    /// Appends replies to the script.
    package func enqueue(_ replies: Reply...) { state.locked.withLock { $0.script.append(contentsOf: replies) } }

    /// Starts stopping the server (fire-and-forget, for `defer`).
    package func stop() { live.stop() }

    /// Stops the server and returns once the listener is closed (a connect then gets "refused").
    package func shutdown() async { await live.stop(gracePeriod: 1) }

    /// A 200 reply holding an OpenAI chat completion whose single choice says `content`.
    package static func completion(_ content: String, delay: Double = 0) -> Reply {
        let body = (try? JSONEncoder().encode(StubChatCompletion(content: content))).map { Array($0) } ?? []
        return Reply(status: 200, headers: [("Content-Type", "application/json")], body: body, delay: delay)
    }

    /// A 200 reply holding an OpenAI text completion (`POST /v1/completions`) whose single choice's `text` is `text`.
    package static func textCompletion(_ text: String, delay: Double = 0) -> Reply {
        struct Body: Encodable {
            struct Choice: Encodable { var index = 0; var finish_reason = "stop"; var text: String }
            var id = "cmpl-stub", object = "text_completion", model = "stub-model"
            var choices: [Choice]
        }
        let body = (try? JSONEncoder().encode(Body(choices: [.init(text: text)]))).map { Array($0) } ?? []
        return Reply(status: 200, headers: [("Content-Type", "application/json")], body: body, delay: delay)
    }

    /// The `prompt` of a recorded text-completion request, or nil when the body is not one.
    package static func prompt(of request: Request) -> String? {
        struct Body: Decodable { var prompt: String }
        return (try? JSONDecoder().decode(Body.self, from: Data(request.body)))?.prompt
    }

    /// A reply with `status`, a JSON error body and optional extra headers (e.g. Retry-After).
    package static func error(_ status: Int, headers: [(name: String, value: String)] = []) -> Reply {
        Reply(status: status, headers: headers + [("Content-Type", "application/json")],
              body: Array(#"{"error":{"message":"stub error","type":"stub"}}"#.utf8))
    }

    /// The messages' contents of a recorded chat-completions request, by role (the last message of each role),
    /// or nil when the body is not a chat request.
    package static func messages(of request: Request) -> [String: String]? {
        struct Body: Decodable { struct Message: Decodable { var role: String; var content: String }; var messages: [Message] }
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(request.body)) else { return nil }
        var byRole: [String: String] = [:]
        for m in body.messages { byRole[m.role] = m.content }
        return byRole
    }

    /// A reply whose body is `text` verbatim (for malformed-JSON cases).
    package static func raw(_ text: String, status: Int = 200) -> Reply {
        Reply(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }
}

/// The script and the request log behind one lock; a class so the route handler can share it.
private final class ScriptState: Sendable {
    let locked: Mutex<(script: [StubLLMServer.Reply], requests: [StubLLMServer.Request])>
    let fallback: StubLLMServer.Reply
    let respond: (@Sendable (StubLLMServer.Request) -> StubLLMServer.Reply)?
    init(script: [StubLLMServer.Reply], fallback: StubLLMServer.Reply,
         respond: (@Sendable (StubLLMServer.Request) -> StubLLMServer.Reply)?) {
        locked = Mutex((script, []))
        self.fallback = fallback
        self.respond = respond
    }
    func next(_ request: StubLLMServer.Request) -> StubLLMServer.Reply {
        let scripted: StubLLMServer.Reply? = locked.withLock { s in
            s.requests.append(request)
            return s.script.isEmpty ? nil : s.script.removeFirst()
        }
        if let scripted { return scripted }
        // Outside the lock: a responder may block (holding a request in flight) while others are recorded.
        return respond?(request) ?? fallback
    }
}

