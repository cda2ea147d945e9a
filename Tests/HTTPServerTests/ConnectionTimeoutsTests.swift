import Testing
@testable import HTTPServer

@Suite("Connection timeouts (manual clock)")
struct ConnectionTimeoutsTests {
    let s: UInt64 = 1_000_000_000

    @Test func eachPhaseExpiresOnItsOwnTimeout() {
        var t = ConnectionTimeouts()
        t.header = 2; t.body = 3; t.idle = 5; t.write = 7; t.linger = 1
        let start: UInt64 = 100 * s
        #expect(t.action(for: .idle(since: start), now: start + 4 * s) == nil)
        #expect(t.action(for: .idle(since: start), now: start + 5 * s) == .close)
        #expect(t.action(for: .head(since: start), now: start + 1 * s) == nil)
        #expect(t.action(for: .head(since: start), now: start + 2 * s) == .requestTimeout)
        #expect(t.action(for: .body(since: start), now: start + 3 * s) == .requestTimeout)
        #expect(t.action(for: .writing(since: start), now: start + 6 * s) == nil)
        #expect(t.action(for: .writing(since: start), now: start + 7 * s) == .close)
        #expect(t.action(for: .lingering(since: start), now: start + 1 * s) == .close)
        #expect(t.action(for: .processing, now: start + 1_000 * s) == nil)
    }

    @Test func clockBeforePhaseStartIsNotOverdue() {
        let t = ConnectionTimeouts()
        #expect(t.action(for: .head(since: 10 * s), now: 5 * s) == nil)
    }
}
