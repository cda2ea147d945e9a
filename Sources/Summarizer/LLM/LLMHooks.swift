/// The clock, sleeper and random source the LLM code uses, injectable so tests run without real waiting.
public struct LLMHooks: Sendable {
    /// Monotonic seconds.
    public var now: @Sendable () -> Double
    /// Waits the given seconds (backoff, Retry-After).
    public var sleep: @Sendable (Double) async throws -> Void
    /// A uniform draw in [0, 1) for backoff jitter.
    public var random: @Sendable () -> Double

    /// Creates hooks.
    public init(now: @escaping @Sendable () -> Double, sleep: @escaping @Sendable (Double) async throws -> Void,
                random: @escaping @Sendable () -> Double) {
        self.now = now
        self.sleep = sleep
        self.random = random
    }

    /// Real time: `ContinuousClock`, `Task.sleep`, the system random generator.
    public static var live: LLMHooks {
        let start = ContinuousClock.now
        return LLMHooks(
            now: {
                let c = (ContinuousClock.now - start).components
                return Double(c.seconds) + Double(c.attoseconds) * 1e-18
            },
            sleep: { seconds in try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up)))) },
            random: { Double.random(in: 0..<1) })
    }
}
