import HTTPServer
import Testing
import TestSupport
import VectorMath

@Suite("Survives anything a client sends")
struct GarbageInputTests {
    /// Mutates a valid request: random bytes flipped, inserted, truncated. Seeded, so failures reproduce.
    static func mutated(_ base: [UInt8], _ g: inout SplitMix64) -> [UInt8] {
        var bytes = base
        for _ in 0..<Int(g.next() % 6) + 1 {
            let i = Int(g.next() % UInt64(bytes.count))
            switch g.next() % 4 {
            case 0: bytes[i] = UInt8(truncatingIfNeeded: g.next())
            case 1: bytes.insert(contentsOf: [13, 10, 0, 255, 58, 32].shuffled(using: &g).prefix(Int(g.next() % 6)), at: i)
            case 2: bytes.removeSubrange(i..<min(bytes.count, i + Int(g.next() % 8)))
            default: bytes.insert(contentsOf: Array(repeating: UInt8(ascii: "9"), count: Int(g.next() % 30)), at: i)
            }
            if bytes.isEmpty { bytes = base }
        }
        return bytes
    }

    @Test func mutatedRequestsGetAnAnswerOrACloseAndTheServerLivesOn() async throws {
        let server = try LiveServer(router: LiveServerTests.router()) {
            $0.timeouts.header = 0.5
            $0.timeouts.body = 0.5
            $0.timerInterval = 0.05
        }
        defer { server.stop() }
        let base = Array("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4;x=1\r\nabcd\r\n0\r\nT: v\r\n\r\n".utf8)
            + Array("GET /items/1?q=2 HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nxyz".utf8)
        var g = SplitMix64(seed: 2026)
        for _ in 0..<150 {
            let c = try server.client(timeout: 5)
            try await c.send(Self.mutated(base, &g))
            c.shutdownWrite()
            // Whatever came back must be well-formed HTTP responses, ending in a close (never a hang).
            while let response = try await c.readResponse() {
                #expect((100...599).contains(response.status))
                if response.status >= 400 { #expect(response.errorCode != nil, "error without JSON body: \(response.rawHead)") }
            }
        }
        #expect(try await server.client().request("GET", "/health").status == 200)
    }
}
