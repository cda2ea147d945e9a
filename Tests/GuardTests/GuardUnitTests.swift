import App
import Config
@testable import Guard
import Testing

@Suite("Guard parts: keyring, token buckets, admission gate, key-list validation")
struct GuardUnitTests {
    static let w = "write-key-0123456789abcdef", r = "read-key-0123456789abcdef"

    @Test func keyringFindsRolesAndNothingElse() {
        let ring = APIKeyring(writeKeys: [Self.w, "both-key-0123456789abcdef"], readKeys: [Self.r, "both-key-0123456789abcdef"])
        #expect(ring.identify(Array(Self.w.utf8))?.role == .write)
        #expect(ring.identify(Array(Self.r.utf8))?.role == .read)
        #expect(ring.identify(Array("both-key-0123456789abcdef".utf8))?.role == .write)
        for wrong in ["", "read-key-0123456789abcde", "read-key-0123456789abcdeff", "READ-KEY-0123456789ABCDEF", Self.r + " "] {
            #expect(ring.identify(Array(wrong.utf8)) == nil, "\(wrong)")
        }
        let a = ring.identify(Array(Self.w.utf8))?.identity, b = ring.identify(Array(Self.r.utf8))?.identity
        #expect(a != b)
        #expect(a?.hasPrefix("key:") == true && a?.count == 12)
        #expect(!(a ?? "").contains("write-key"))
        let longest = String(repeating: "z", count: APIKeyring.maximumKeyLength)
        let edge = APIKeyring(writeKeys: [longest], readKeys: [])
        #expect(edge.identify(Array(longest.utf8))?.role == .write)
        #expect(edge.identify(Array((longest + "z").utf8)) == nil)
        #expect(edge.identify(Array(longest.dropLast().utf8)) == nil)
        #expect(edge.identify([UInt8](repeating: 0, count: 3)) == nil)  // zero padding never matches a shorter key
        #expect(APIKeyring(writeKeys: [], readKeys: []).isEmpty)
        #expect(!APIKeyring(writeKeys: [], readKeys: [Self.r]).hasWriteKeys)
    }

    @Test func keyListsParseAndMalformedOnesAreExplainedWithoutTheKey() {
        #expect(APIKeyring.parseList(" \(Self.w) ,\(Self.r)") == [Self.w, Self.r])
        #expect(APIKeyring.problem(in: "") == nil)
        #expect(APIKeyring.problem(in: "  ") == nil)
        #expect(APIKeyring.problem(in: "\(Self.w),\(Self.r)") == nil)
        #expect(APIKeyring.problem(in: "YWJjZGVmZ2hpamtsbW5vcA==") == nil)  // token68 allows trailing '='
        let cases: [(String, String)] = [
            ("\(Self.w),,\(Self.r)", "entry 2 of 3 is empty"),
            ("\(Self.w),", "entry 2 of 2 is empty"),
            ("short-key", "shorter than 16"),
            ("has space inside-0123456789", "characters"),
            ("quote\"d-0123456789abcdef", "characters"),
            ("=0123456789abcdef", "characters"),
            (String(repeating: "k", count: 257), "longer than 256"),
        ]
        for (raw, reason) in cases {
            let problem = APIKeyring.problem(in: raw)
            #expect(problem?.contains(reason) == true, "\(raw): \(problem ?? "nil")")
            #expect(!(problem ?? "").contains("0123456789"), "the reason must not quote the key")
        }
    }

    @Test func malformedKeyListsAreConfigErrorsThatRedactTheValue() throws {
        let secret = "tiny-secret"
        for variable in ["AMPERE_WRITE_KEYS", "AMPERE_READ_KEYS", "AMPERE_AUTH_WRITE_KEYS"] {
            do {
                _ = try AmpereSettings.load(environment: [variable: secret])
                Issue.record("\(variable)=\(secret) should be rejected")
            } catch {
                #expect(error.description.contains(variable), "\(error)")
                #expect(error.description.contains("shorter than 16"))
                #expect(!error.description.contains(secret))
            }
        }
        let ok = try AmpereSettings.load(environment: ["AMPERE_WRITE_KEYS": "\(Self.w),\(Self.r)"])
        #expect(ok.string("auth.write_keys").contains(Self.w))
        #expect(!ok.describedLines.joined().contains(Self.w))
        #expect(throws: ConfigError.self) { try AmpereSettings.load(overrides: ["auth.read_keys": Self.r]) }
    }

    @Test func bucketAllowsTheBurstThenTheRateAndSaysWhenToRetry() {
        let limiter = RateLimiter(ratePerSecond: 2, burst: 3, maxClients: 10)
        let t0: UInt64 = 1_000_000_000
        for _ in 0..<3 { #expect(limiter.take("a", now: t0) == nil) }
        #expect(limiter.take("a", now: t0) == 1)  // half a second to the next token: rounds up to 1 s
        #expect(limiter.take("b", now: t0) == nil)  // another client, another bucket
        #expect(limiter.take("a", now: t0 + 499_000_000) == 1)
        #expect(limiter.take("a", now: t0 + 1_000_000_000) == nil)  // 2 tokens refilled after 1 s ...
        #expect(limiter.take("a", now: t0 + 1_000_000_000) == nil)
        #expect(limiter.take("a", now: t0 + 1_000_000_000) == 1)  // ... and no more
        // A long pause refills to the burst, never beyond.
        for _ in 0..<3 { #expect(limiter.take("a", now: t0 + 100_000_000_000) == nil) }
        #expect(limiter.take("a", now: t0 + 100_000_000_000) != nil)
        let slow = RateLimiter(ratePerSecond: 0.1, burst: 1, maxClients: 10)
        #expect(slow.take("a", now: t0) == nil)
        #expect(slow.take("a", now: t0) == 10)
        #expect(RateLimiter(ratePerSecond: 0, burst: 1, maxClients: 1).take("a", now: t0) == nil)
    }

    @Test func bucketTableStaysBoundedAndDropsRefilledBucketsFirst() {
        let limiter = RateLimiter(ratePerSecond: 1, burst: 2, maxClients: 100)
        let t0: UInt64 = 1_000_000_000
        for i in 0..<100 { _ = limiter.take("idle-\(i)", now: t0) }
        #expect(limiter.trackedClients == 100)
        // 10 s later every bucket has refilled: all are dropped, and the busy client keeps its (empty) bucket.
        let later = t0 + 10_000_000_000
        for _ in 0..<2 { _ = limiter.take("busy", now: later) }
        #expect(limiter.trackedClients == 1)
        #expect(limiter.take("busy", now: later) != nil)
        // With every tracked client active, the table still never exceeds its bound.
        for i in 0..<10_000 {
            _ = limiter.take("flood-\(i)", now: later)
            _ = limiter.take("flood-\(i)", now: later)
        }
        #expect(limiter.trackedClients <= 100)
    }

    @Test func gateAdmitsQueuesAndRefusesBeyondTheLine() async {
        let gate = AdmissionGate(maxInFlight: 2, maxQueued: 2)
        #expect(await gate.enter() == .admitted)
        #expect(await gate.enter() == .admitted)
        let waiters = (0..<2).map { _ in Task { await gate.enter() } }
        // Wait until both are in line (readiness, not a timed sleep).
        while gate.load.queued < waiters.count { await Task.yield() }
        #expect(await gate.enter() == .full)  // two inside, two waiting: the fifth is refused at once
        #expect(gate.load == (2, 2))
        gate.leave()
        gate.leave()
        for w in waiters { #expect(await w.value == .admitted) }
        #expect(gate.load == (2, 0))
        gate.leave()
        gate.leave()
        #expect(gate.load == (0, 0))
        let off = AdmissionGate(maxInFlight: 0, maxQueued: 0)
        for _ in 0..<100 { #expect(await off.enter() == .admitted) }
    }

    @Test func aCancelledWaiterLeavesTheLineAndItsSlotGoesToTheNext() async {
        let gate = AdmissionGate(maxInFlight: 1, maxQueued: 4)
        #expect(await gate.enter() == .admitted)
        let doomed = Task { await gate.enter() }
        while gate.load.queued < 1 { await Task.yield() }
        let next = Task { await gate.enter() }
        while gate.load.queued < 2 { await Task.yield() }
        doomed.cancel()
        #expect(await doomed.value == .cancelled)
        #expect(gate.load == (1, 1))
        gate.leave()
        #expect(await next.value == .admitted)  // the slot skips the cancelled waiter
        gate.leave()
        #expect(gate.load == (0, 0))
        // Cancelled before it reaches the line: refused without waiting, nothing left behind.
        #expect(await gate.enter() == .admitted)
        let early = Task { withUnsafeCurrentTask { $0?.cancel() }; return await gate.enter() }
        #expect(await early.value == .cancelled)
        #expect(gate.load == (1, 0))
        gate.leave()
    }

    @Test func aWaiterGivesUpAfterTheQueueTimeout() async {
        let gate = AdmissionGate(maxInFlight: 1, maxQueued: 4, maxWait: 0.02)
        #expect(await gate.enter() == .admitted)
        // Nobody leaves: the waiter's own deadline ends the wait (the gate's timer, not a sleep in the test).
        #expect(await gate.enter() == .timedOut)
        #expect(gate.load == (1, 0))
        gate.leave()
        #expect(await gate.enter() == .admitted)
        gate.leave()
    }
}
