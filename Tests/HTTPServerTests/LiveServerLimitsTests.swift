import Foundation
import HTTPServer
import Sockets
import Testing
import TestSupport

@Suite("HTTP server limits, timeouts and drain")
struct LiveServerLimitsTests {
    @Test func slowClientIsCutOffWithoutBlockingOthers() async throws {
        let server = try LiveServer(router: LiveServerTests.router()) {
            $0.workers = 1  // one worker: if the trickler held it, the second client could not be served
            $0.timeouts.header = 0.3
            $0.timerInterval = 0.05
        }
        defer { server.stop() }
        let slow = try server.client()
        try await slow.send("GET /health HTTP/1.1\r\nHo")
        // Meanwhile a well-behaved client on the same worker is served at once.
        #expect(try await server.client().request("GET", "/health").status == 200)
        try await slow.send("st: t\r\n")
        let r = try #require(try await slow.readResponse())
        #expect(r.status == 408)
        #expect(r.errorCode == "request_timeout")
        #expect(try await slow.serverClosed())
    }

    @Test func idleConnectionsAreClosed() async throws {
        let server = try LiveServer(router: LiveServerTests.router()) {
            $0.timeouts.idle = 0.2
            $0.timerInterval = 0.05
        }
        defer { server.stop() }
        let c = try server.client()
        #expect(try await c.request("GET", "/health").status == 200)
        #expect(try await c.serverClosed())  // blocks until the idle timeout closes it
    }

    @Test func excessConnectionsGet503() async throws {
        let server = try LiveServer(router: LiveServerTests.router()) { $0.maxConnections = 1 }
        defer { server.stop() }
        let first = try server.client()
        #expect(try await first.request("GET", "/health").status == 200)  // now certainly counted
        let second = try server.client()
        let r = try #require(try await second.readResponse())
        #expect(r.status == 503)
        #expect(r.errorCode == "unavailable")
        #expect(try await second.serverClosed())
        #expect(try await first.request("GET", "/health").status == 200)
    }

    /// The drain is reported only after the listener is closed: a connection attempted right after `shutdown`
    /// returns is refused, never accepted into the backlog and then reset (this raced before).
    @Test func connectingAfterShutdownReturnsIsRefused() async throws {
        for _ in 0..<20 {
            let server = try LiveServer(router: LiveServerTests.router(gate: AsyncGate(), entered: AsyncGate()))
            #expect(await server.stop(gracePeriod: 5))
            #expect(throws: (any Error).self) { _ = try RawHTTPClient(port: server.port, timeout: 1) }
        }
    }

    @Test func gracefulDrainFinishesInFlightAndRefusesNew() async throws {
        let gate = AsyncGate(), entered = AsyncGate()
        let server = try LiveServer(router: LiveServerTests.router(gate: gate, entered: entered))
        let busy = try server.client()
        let idle = try server.client()
        #expect(try await idle.request("GET", "/health").status == 200)
        try await busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        await entered.wait()

        async let drained = server.stop(gracePeriod: 10)
        // New connections are refused once the listener is closed.
        var refused = false
        for _ in 0..<1000 where !refused {
            do { _ = try RawHTTPClient(port: server.port, timeout: 1) } catch { refused = true; break }
            await Task.yield()
        }
        #expect(refused)
        #expect(try await idle.serverClosed())  // idle keep-alive connections are closed at once

        gate.open()
        let r = try #require(try await busy.readResponse())
        #expect(r.status == 200)
        #expect(r.text == #"{"slow":true}"#)
        #expect(r.headers["Connection"] == "close")
        #expect(await drained)
        #expect(server.server.openConnections == 0)
    }

    @Test func drainDeadlineClosesStragglers() async throws {
        let gate = AsyncGate(), entered = AsyncGate()
        let server = try LiveServer(router: LiveServerTests.router(gate: gate, entered: entered))
        let busy = try server.client()
        try await busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        await entered.wait()
        let clean = await server.stop(gracePeriod: 0.2)
        #expect(!clean)
        #expect(try await busy.serverClosed())
        gate.open()
    }
}

@Suite("Silent connections")
struct SilentConnectionTests {
    @Test func aConnectionThatNeverSendsIsCutOffByTheHeaderTimeout() async throws {
        let server = try LiveServer(router: LiveServerTests.router()) {
            $0.timeouts.header = 0.3
            $0.timeouts.idle = 600  // must not be the one that applies
            $0.timerInterval = 0.05
        }
        defer { server.stop() }
        let silent = try server.client()
        let r = try #require(try await silent.readResponse())
        #expect(r.status == 408)
        #expect(try await silent.serverClosed())
    }
}
