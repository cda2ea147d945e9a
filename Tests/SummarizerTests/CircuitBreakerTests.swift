import Summarizer
import Testing

@Suite struct CircuitBreakerTests {
    @Test func opensAfterThresholdAndClosesAfterSuccessfulProbe() {
        var breaker = CircuitBreaker(threshold: 3, cooldown: 10)
        for t in 0..<2 {
            #expect(allow(&breaker, Double(t)))
            breaker.recordFailure(now: Double(t))
        }
        #expect(breaker.state == .closed(consecutiveFailures: 2))
        #expect(allow(&breaker, 2))
        breaker.recordFailure(now: 2)
        #expect(breaker.state == .open(until: 12))
        #expect(!allow(&breaker, 5))
        #expect(!allow(&breaker, 11.9))
        #expect(allow(&breaker, 12))           // the probe
        #expect(breaker.state == .halfOpen(since: 12))
        #expect(!allow(&breaker, 13))          // only one probe at a time
        breaker.recordSuccess()
        #expect(breaker.state == .closed(consecutiveFailures: 0))
        #expect(allow(&breaker, 13))
    }

    @Test func failedProbeReopensForAnotherCooldown() {
        var breaker = CircuitBreaker(threshold: 1, cooldown: 5)
        breaker.recordFailure(now: 0)
        #expect(allow(&breaker, 5))
        breaker.recordFailure(now: 6)
        #expect(breaker.state == .open(until: 11))
        #expect(!allow(&breaker, 10))
    }

    @Test func successResetsTheFailureCount() {
        var breaker = CircuitBreaker(threshold: 2, cooldown: 5)
        breaker.recordFailure(now: 0)
        breaker.recordSuccess()
        breaker.recordFailure(now: 1)
        #expect(breaker.state == .closed(consecutiveFailures: 1))
    }

    @Test func lostProbeIsReplacedAfterCooldown() {
        var breaker = CircuitBreaker(threshold: 1, cooldown: 5)
        breaker.recordFailure(now: 0)
        #expect(allow(&breaker, 5))            // probe never reports back
        #expect(!allow(&breaker, 9))
        #expect(allow(&breaker, 10))
    }
}

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxRetries: 5, base: 0.5, cap: 3, maxRetryAfter: 10)

    @Test func exponentialWithEqualJitterAndCap() {
        #expect(policy.delay(attempt: 0, retryAfter: nil, unit: 1) == 0.5)
        #expect(policy.delay(attempt: 0, retryAfter: nil, unit: 0) == 0.25)
        #expect(policy.delay(attempt: 1, retryAfter: nil, unit: 1) == 1)
        #expect(policy.delay(attempt: 2, retryAfter: nil, unit: 1) == 2)
        #expect(policy.delay(attempt: 3, retryAfter: nil, unit: 1) == 3)
        #expect(policy.delay(attempt: 40, retryAfter: nil, unit: 0.5) == 2.25)
    }

    @Test func retryAfterWinsWhenLongerAndTooLongMeansGiveUp() {
        #expect(policy.delay(attempt: 0, retryAfter: 4, unit: 1) == 4)
        #expect(policy.delay(attempt: 3, retryAfter: 0, unit: 1) == 3)
        #expect(policy.delay(attempt: 0, retryAfter: 11, unit: 1) == nil)
    }

    @Test func parsesDeltaSecondsOnly() {
        #expect(RetryPolicy.parseRetryAfter(" 2 ") == 2)
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(RetryPolicy.parseRetryAfter("-1") == nil)
        #expect(RetryPolicy.parseRetryAfter(nil) == nil)
    }

    @Test func statusClassification() {
        #expect(RetryPolicy.isRetryable(status: 429))
        #expect(RetryPolicy.isRetryable(status: 503))
        #expect(!RetryPolicy.isRetryable(status: 400))
        #expect(!RetryPolicy.isRetryable(status: 401))
        #expect(!RetryPolicy.isRetryable(status: 404))
    }
}

/// `#expect` cannot call a mutating method on a local; this wrapper can.
private func allow(_ breaker: inout CircuitBreaker, _ now: Double) -> Bool { breaker.allowsCall(now: now) }

@Suite struct CircuitBreakerFollowUpTests {
    @Test func followUpsAreRefusedOnlyWhileOpenAndChangeNothing() {
        var b = CircuitBreaker(threshold: 1, cooldown: 10)
        #expect(b.permitsFollowUp(now: 0))
        b.recordFailure(now: 0)
        #expect(!b.permitsFollowUp(now: 5))
        #expect(b.state == .open(until: 10))
        let probe = b.allowsCall(now: 10)
        #expect(probe)
        #expect(b.permitsFollowUp(now: 10), "the probe's own windows go out")
        #expect(b.state == .halfOpen(since: 10))
        let secondProbe = b.allowsCall(now: 11)
        #expect(!secondProbe, "a second probe is still refused")
    }
}
