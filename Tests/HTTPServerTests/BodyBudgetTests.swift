import HTTPServer
import Testing
import TestSupport

/// Issue 14 #2: request bodies are held against one shared budget (reserved from Content-Length at the head, or
/// as chunks arrive), and one client address cannot take every connection slot.
@Suite("Body budget and per-client connections")
struct BodyBudgetTests {
    @Test func reservationsFitTheCapacityAndComeBack() {
        let budget = BodyBudget(capacity: 100)
        #expect(budget.reserve(60))
        #expect(!budget.reserve(41))
        #expect(budget.reserve(40))
        #expect(budget.reserved == 100)
        budget.release(60)
        #expect(budget.reserve(50))
        budget.release(90)
        #expect(budget.reserved == 0)
        let unbounded = BodyBudget(capacity: 0)
        #expect(unbounded.reserve(1 << 40))
    }

    /// `/hold` opens `entered` and keeps its request (and so its body) until `release` opens.
    static func server(budget: Int, perClient: Int = 0, entered: AsyncGate, release: AsyncGate) throws -> LiveServer {
        var router = Router()
        router.post("/hold", bodyLimit: 1 << 20) { request in
            entered.open()
            await release.wait()
            return .json("{\"bytes\":\(request.body.count)}")
        }
        return try LiveServer(router: router) {
            $0.bodyBudgetBytes = budget
            $0.maxConnectionsPerClient = perClient
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aBodyThatDoesNotFitIsRefusedAtItsHeadAndFitsOnceTheFirstIsDone() async throws {
        let (server, first, release) = try await Self.holding80KB()
        defer { server.stop() }
        #expect(server.server.bodyBudget.reserved == 80_000)

        // Only the head is sent: the refusal comes before any body byte, and the connection closes.
        let second = try server.client()
        try await second.send("POST /hold HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 40000\r\n\r\n")
        let refused = try #require(try await second.readResponse())
        #expect(refused.status == 503)
        #expect(refused.headers["Retry-After"] == "1")
        #expect(refused.errorCode == "unavailable")
        #expect(try await second.serverClosed())
        #expect(server.server.bodyBudgetRefusals == 1)

        release.open()
        let held = try #require(try await first.readResponse())
        #expect(held.text == #"{"bytes":80000}"#)
        #expect(server.server.bodyBudget.reserved == 0)
        let third = try server.client()
        try await third.send(Self.post(bytes: 90_000))
        #expect(try #require(try await third.readResponse()).status == 200)
        #expect(server.server.bodyBudget.reserved == 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func aChunkedBodyIsChargedAsItsChunksArrive() async throws {
        let (server, first, release) = try await Self.holding80KB()
        defer { server.stop() }
        let chunked = try server.client()
        let chunk = String(repeating: "a", count: 30_000)
        try await chunked.send("POST /hold HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                               + "7530\r\n\(chunk)\r\n")
        let refused = try #require(try await chunked.readResponse())
        #expect(refused.status == 503)
        #expect(try await chunked.serverClosed())
        release.open()
        _ = try await first.readResponse()
        #expect(server.server.bodyBudget.reserved == 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func oneClientAddressHoldsAtMostItsShareOfConnections() async throws {
        let server = try Self.server(budget: 0, perClient: 3, entered: AsyncGate(), release: AsyncGate())
        defer { server.stop() }
        var held: [RawHTTPClient] = []
        for _ in 0..<3 {
            let c = try server.client()
            // Unknown route: a quick 404 proves the connection was adopted.
            #expect(try await c.request("GET", "/nothing").status == 404)
            held.append(c)
        }
        let extra = try server.client()
        let refused = try #require(try await extra.readResponse())
        #expect(refused.status == 503)
        #expect(refused.text.contains("from this client"))
        #expect(try await held[0].request("GET", "/nothing").status == 404)  // the three are still served
    }

    /// A server with a 100 KB budget and a client whose 80 KB body is held inside `/hold` until `release`.
    static func holding80KB() async throws -> (LiveServer, RawHTTPClient, AsyncGate) {
        let entered = AsyncGate(), release = AsyncGate()
        let server = try Self.server(budget: 100_000, entered: entered, release: release)
        let first = try server.client()
        try await first.send(Self.post(bytes: 80_000))
        await entered.wait()
        return (server, first, release)
    }

    static func post(bytes: Int) -> String {
        "POST /hold HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: \(bytes)\r\n\r\n"
            + String(repeating: "a", count: bytes)
    }
}
