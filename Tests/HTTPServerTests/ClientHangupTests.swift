import HTTPServer
import Sockets
import Testing
import TestSupport

/// Issue 14 #11: a client that hangs up while its async handler runs cancels the handler's task, so admission
/// waits, LLM calls and other cancellation-aware work stop instead of serving nobody. Every wait here is on an
/// event (the handler's own gates); the time limit only bounds a broken build.
@Suite("Client hang-up")
struct ClientHangupTests {
    /// `/wait` opens `entered`, then waits until `release` opens or its task is cancelled (then `cancelled`
    /// opens), and answers whether it was cancelled.
    static func router(entered: AsyncGate, release: AsyncGate, cancelled: AsyncGate) -> Router {
        var r = Router()
        r.get("/wait") { _ in
            entered.open()
            await withTaskCancellationHandler {
                await release.wait()
            } onCancel: {
                cancelled.open()
                release.open()
            }
            return .json("{\"cancelled\":\(Task.isCancelled)}")
        }
        return r
    }

    @Test(.timeLimit(.minutes(1)))
    func closingTheConnectionCancelsTheHandler() async throws {
        let entered = AsyncGate(), release = AsyncGate(), cancelled = AsyncGate()
        let server = try LiveServer(router: Self.router(entered: entered, release: release, cancelled: cancelled))
        defer { server.stop() }
        let fd = try Socket.connectTCP(host: "127.0.0.1", port: server.port)
        let request = Array("GET /wait HTTP/1.1\r\nHost: t\r\n\r\n".utf8)
        _ = try request.withUnsafeBytes { try Socket.send(fd, $0) }
        await entered.wait()
        Socket.close(fd)
        await cancelled.wait()
        #expect(server.server.cancelledHandlers == 1)
        // The server lives on and serves the next client normally.
        let next = try server.client()
        try await next.send("GET /wait HTTP/1.1\r\nHost: t\r\n\r\n")
        release.open()
        let answer = try #require(try await next.readResponse())
        #expect(answer.status == 200)
        #expect(server.server.cancelledHandlers == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func aHalfClosedClientStillGetsWhatTheCancelledHandlerAnswers() async throws {
        let (stage, client) = try await Stage.clientInTheHandler()
        defer { stage.server.stop() }
        let cancelled = stage.cancelled
        client.shutdownWrite()
        await cancelled.wait()
        let answer = try #require(try await client.readResponse())
        #expect(answer.status == 200)
        #expect(answer.text == #"{"cancelled":true}"#)
        #expect(try await client.serverClosed())
    }

    @Test(.timeLimit(.minutes(1)))
    func aClientThatStaysIsNeverCancelled() async throws {
        let (stage, client) = try await Stage.clientInTheHandler()
        defer { stage.server.stop() }
        stage.release.open()
        let answer = try #require(try await client.readResponse())
        #expect(answer.text == #"{"cancelled":false}"#)
        #expect(stage.server.server.cancelledHandlers == 0)
    }

    /// A server with `/wait`, and a client whose request is inside the handler.
    struct Stage {
        let entered = AsyncGate(), release = AsyncGate(), cancelled = AsyncGate()
        let server: LiveServer

        static func clientInTheHandler() async throws -> (Stage, RawHTTPClient) {
            let stage = try Stage()
            let client = try stage.server.client()
            try await client.send("GET /wait HTTP/1.1\r\nHost: t\r\n\r\n")
            await stage.entered.wait()
            return (stage, client)
        }

        init() throws {
            let (entered, release, cancelled) = (self.entered, self.release, self.cancelled)
            server = try LiveServer(router: ClientHangupTests.router(entered: entered, release: release, cancelled: cancelled))
        }
    }
}
