import API
import Synchronization

/// Tracks which components have finished starting, plus the sections `/health` reports.
///
/// A component registers before it starts loading and flips to ready when done:
/// ```swift
/// let indexReady = app.readiness.register("index")
/// loadQueue.async { loadIndex(); indexReady.markReady() }
/// app.readiness.setSection("index") { .object([("count", .int(index.count))]) }
/// ```
/// `/health` answers 503 `starting` while any registered component is pending, 200 `ok` after.
package final class ReadinessRegistry: HealthReporting, Sendable {
    private struct State {
        var components: [(name: String, ready: Bool)] = []
        var sections: [(name: String, provider: @Sendable () -> JSONValue)] = []
        var conditions: [(name: String, holds: @Sendable () -> Bool)] = []
        /// Bumped by every registration, readiness flip and section change.
        var generation = 0
        /// Components whose start failed, with the reason.
        var failures: [(name: String, reason: String)] = []
        /// Callers of `waitUntilReady`, resumed once every component is ready or one has failed.
        var waiters: [CheckedContinuation<Void, any Error>] = []

        /// What waiters are told now: nil while starting.
        var outcome: Result<Void, ReadinessFailure>? {
            if let failure = failures.first { return .failure(ReadinessFailure(component: failure.name, reason: failure.reason)) }
            return components.allSatisfy(\.ready) ? .success(()) : nil
        }

        /// Takes the waiters to resume when there is an outcome.
        mutating func settled() -> (Result<Void, ReadinessFailure>, [CheckedContinuation<Void, any Error>])? {
            guard let outcome, !waiters.isEmpty else { return nil }
            defer { waiters = [] }
            return (outcome, waiters)
        }
    }

    /// The last rendered `/health` body and what it was rendered from.
    private struct Rendered {
        var generation: Int
        var values: [JSONValue]
        var ready: Bool
        var body: [UInt8]
    }

    private let state = Mutex(State())
    private let rendered = Mutex<Rendered?>(nil)

    /// A registry with the sections every deployment reports: `products` (0) and `index` (empty) until the
    /// catalog and index register real providers.
    package init() {
        setSection("products") { .int(0) }
        setSection("index") { .object([]) }
    }

    /// Registers a component that is not ready yet; returns the handle it uses to report readiness.
    package func register(_ component: String) -> ReadinessHandle {
        state.withLock { s in
            if !s.components.contains(where: { $0.name == component }) { s.components.append((component, false)) }
            s.generation += 1
        }
        return ReadinessHandle(registry: self, component: component)
    }

    /// Marks `component` ready (registering it if needed).
    package func markReady(_ component: String) {
        let settled = state.withLock { s in
            if let i = s.components.firstIndex(where: { $0.name == component }) { s.components[i].ready = true }
            else { s.components.append((component, true)) }
            s.generation += 1
            return s.settled()
        }
        Self.resume(settled)
    }

    /// Records that `component` failed to start (it stays pending on `/health`); releases `waitUntilReady` callers.
    package func markFailed(_ component: String, reason: String) {
        let settled = state.withLock { s in
            s.failures.append((component, reason))
            s.generation += 1
            return s.settled()
        }
        Self.resume(settled)
    }

    /// Returns once every registered component is ready; throws `ReadinessFailure` as soon as one failed. An event,
    /// not a poll: `markReady` and `markFailed` resume the waiters.
    package func waitUntilReady() async throws {
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
            let now = state.withLock { s -> Result<Void, ReadinessFailure>? in
                if let outcome = s.outcome { return outcome }
                s.waiters.append(waiter)
                return nil
            }
            if let now { waiter.resume(with: now.mapError { $0 as any Error }) }
        }
    }

    private static func resume(_ settled: (Result<Void, ReadinessFailure>, [CheckedContinuation<Void, any Error>])?) {
        guard let (outcome, waiters) = settled else { return }
        for waiter in waiters { waiter.resume(with: outcome.mapError { $0 as any Error }) }
    }

    /// Adds or replaces a top-level `/health` field computed on each call. Keep the provider cheap and non-blocking.
    package func setSection(_ name: String, _ provider: @escaping @Sendable () -> JSONValue) {
        state.withLock { s in
            if let i = s.sections.firstIndex(where: { $0.name == name }) { s.sections[i].provider = provider }
            else { s.sections.append((name, provider)) }
            s.generation += 1
        }
    }

    /// True when every registered component is ready.
    /// Adds a readiness condition evaluated at every `/health`: while it is false, the service reports not ready
    /// with `name` pending (e.g. a replica whose data is older than `cluster.max_lag_s`). Unlike a component it
    /// can turn false again; `waitUntilReady` does not wait for conditions.
    package func setCondition(_ name: String, _ holds: @escaping @Sendable () -> Bool) {
        state.withLock { s in
            if let i = s.conditions.firstIndex(where: { $0.name == name }) { s.conditions[i].holds = holds }
            else { s.conditions.append((name, holds)) }
            s.generation += 1
        }
    }

    package var isReady: Bool { state.withLock { s in s.components.allSatisfy(\.ready) } }

    /// The current report (providers run outside the lock, so a slow provider cannot block registration).
    package func healthReport() -> HealthReport {
        let (components, providers, conditions) = state.withLock { ($0.components, $0.sections, $0.conditions) }
        let pending = components.filter { !$0.ready }.map(\.name) + conditions.filter { !$0.holds() }.map(\.name)
        return HealthReport(ready: pending.isEmpty, pending: pending, sections: providers.map { ($0.name, $0.provider()) })
    }

    /// The `/health` body, re-rendered only when readiness, the set of sections or a section's value changed
    /// (providers still run on every call, so counts are never stale; only the rendering is reused).
    package func healthBody() -> (ready: Bool, body: [UInt8]) {
        let (generation, components, providers, conditions) = state.withLock {
            ($0.generation, $0.components, $0.sections, $0.conditions)
        }
        let failing = conditions.filter { !$0.holds() }.map(\.name)
        let values = providers.map { $0.provider() } + [.array(failing.map { .string($0) })]
        let cached = rendered.withLock { r -> (Bool, [UInt8])? in
            guard let r, r.generation == generation, r.values.count == values.count,
                  zip(r.values, values).allSatisfy({ Self.identical($0, $1) }) else { return nil }
            return (r.ready, r.body)
        }
        if let cached { return cached }
        let pending = components.filter { !$0.ready }.map(\.name) + failing
        let report = HealthReport(ready: pending.isEmpty, pending: pending,
                                  sections: zip(providers, values).map { ($0.name, $1) })
        let body = report.json.renderedBytes
        rendered.withLock { $0 = Rendered(generation: generation, values: values, ready: report.ready, body: body) }
        return (report.ready, body)
    }
}

extension ReadinessRegistry {
    /// Structural identity (doubles by bit pattern), conservative: false only costs a re-render. `JSONValue.==`
    /// compares rendered text, which would cost as much as the rendering this cache saves.
    static func identical(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && identical($0.1, $1.1) }
        default: return false
        }
    }
}

/// A component that failed to start, as `waitUntilReady` reports it.
package struct ReadinessFailure: Error, Sendable, CustomStringConvertible {
    /// The component's name.
    package let component: String
    /// Why it failed.
    package let reason: String

    /// `component failed to start: reason`.
    package var description: String { "\(component) failed to start: \(reason)" }
}

/// Lets one component report that it became ready.
package struct ReadinessHandle: Sendable {
    let registry: ReadinessRegistry
    /// The component's name.
    package let component: String

    /// Flips the component to ready.
    package func markReady() { registry.markReady(component) }

    /// Reports that the component failed to start.
    package func markFailed(_ reason: String) { registry.markFailed(component, reason: reason) }
}
