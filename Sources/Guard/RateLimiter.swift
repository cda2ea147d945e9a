import Synchronization

/// Per-client token buckets: each client may send `burst` requests at once and `ratePerSecond` sustained.
///
/// ```swift
/// let limiter = RateLimiter(ratePerSecond: 50, burst: 100, maxClients: 100_000)
/// if let wait = limiter.take("203.0.113.7", now: DispatchTime.now().uptimeNanoseconds) { /* 429, Retry-After: wait */ }
/// ```
/// Memory is bounded by `maxClients` buckets. A bucket that has refilled completely is indistinguishable from a
/// new one, so when the table is full those are dropped first; if every tracked client is still active, arbitrary
/// buckets are dropped until a quarter of the table is free (those clients start again with a full bucket), which
/// keeps the cost of a full table amortised O(1) per request.
package final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var stamp: UInt64
    }

    /// Tokens added per second; 0 turns the limiter off.
    package let ratePerSecond: Double
    /// Bucket size: the requests a fresh client may send at once.
    package let burst: Double
    /// Most buckets kept.
    package let maxClients: Int
    private let table = Mutex<[String: Bucket]>([:])

    /// A limiter; `ratePerSecond` 0 allows everything.
    package init(ratePerSecond: Double, burst: Int, maxClients: Int) {
        self.ratePerSecond = ratePerSecond
        self.burst = Double(max(1, burst))
        self.maxClients = max(1, maxClients)
    }

    /// Whether requests are limited at all.
    package var isEnabled: Bool { ratePerSecond > 0 }

    /// Buckets currently tracked.
    package var trackedClients: Int { table.withLock { $0.count } }

    /// Takes one token from `client`'s bucket at `now` (monotonic nanoseconds). Returns nil when allowed, otherwise
    /// the whole seconds (at least 1) until a token will be available: the `Retry-After` value.
    package func take(_ client: String, now: UInt64) -> Int? {
        guard isEnabled else { return nil }
        return table.withLock { buckets -> Int? in
            var bucket: Bucket
            if let existing = buckets[client] {
                bucket = existing
                let elapsed = Double(now &- min(now, bucket.stamp)) / 1e9
                bucket.tokens = min(burst, bucket.tokens + elapsed * ratePerSecond)
            } else {
                if buckets.count >= maxClients { evict(&buckets, now: now) }
                bucket = Bucket(tokens: burst, stamp: now)
            }
            bucket.stamp = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[client] = bucket
                return nil
            }
            buckets[client] = bucket
            return max(1, Int(((1 - bucket.tokens) / ratePerSecond).rounded(.up)))
        }
    }

    /// Takes `tokens` more from `client`'s bucket at `now`, after the request they pay for has run (a search whose
    /// filter or beam made it expensive). The bucket may go into debt, down to `-burst`: the client's next requests
    /// are refused (429) until the refill has paid it off, so expensive work cannot be bought at the price of cheap.
    package func charge(_ client: String, tokens: Int, now: UInt64) {
        guard isEnabled, tokens > 0 else { return }
        table.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: burst, stamp: now)
            let elapsed = Double(now &- min(now, bucket.stamp)) / 1e9
            bucket.tokens = max(-burst, min(burst, bucket.tokens + elapsed * ratePerSecond) - Double(tokens))
            bucket.stamp = now
            if buckets[client] == nil, buckets.count >= maxClients { evict(&buckets, now: now) }
            buckets[client] = bucket
        }
    }

    /// The tokens in `client`'s bucket at `now` (`burst` for a client without one); for tests and diagnostics.
    package func tokens(_ client: String, now: UInt64) -> Double {
        table.withLock { buckets in
            guard let b = buckets[client] else { return burst }
            return min(burst, b.tokens + Double(now &- min(now, b.stamp)) / 1e9 * ratePerSecond)
        }
    }

    private func evict(_ buckets: inout [String: Bucket], now: UInt64) {
        buckets = buckets.filter { _, b in b.tokens + Double(now &- min(now, b.stamp)) / 1e9 * ratePerSecond < burst }
        let target = maxClients - maxClients / 4
        guard buckets.count > target else { return }
        for key in Array(buckets.keys.prefix(buckets.count - target)) { buckets.removeValue(forKey: key) }
    }
}
