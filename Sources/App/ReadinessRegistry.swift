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
public final class ReadinessRegistry: HealthReporting, Sendable {
    private struct State {
        var components: [(name: String, ready: Bool)] = []
        var sections: [(name: String, provider: @Sendable () -> JSONValue)] = []
    }

    private let state = Mutex(State())

    /// A registry with the sections every deployment reports: `products` (0) and `index` (empty) until the
    /// catalog and index register real providers.
    public init() {
        setSection("products") { .int(0) }
        setSection("index") { .object([]) }
    }

    /// Registers a component that is not ready yet; returns the handle it uses to report readiness.
    public func register(_ component: String) -> ReadinessHandle {
        state.withLock { s in
            if !s.components.contains(where: { $0.name == component }) { s.components.append((component, false)) }
        }
        return ReadinessHandle(registry: self, component: component)
    }

    /// Marks `component` ready (registering it if needed).
    public func markReady(_ component: String) {
        state.withLock { s in
            if let i = s.components.firstIndex(where: { $0.name == component }) { s.components[i].ready = true }
            else { s.components.append((component, true)) }
        }
    }

    /// Adds or replaces a top-level `/health` field computed on each call. Keep the provider cheap and non-blocking.
    public func setSection(_ name: String, _ provider: @escaping @Sendable () -> JSONValue) {
        state.withLock { s in
            if let i = s.sections.firstIndex(where: { $0.name == name }) { s.sections[i].provider = provider }
            else { s.sections.append((name, provider)) }
        }
    }

    /// True when every registered component is ready.
    public var isReady: Bool { state.withLock { s in s.components.allSatisfy(\.ready) } }

    /// The current report (providers run outside the lock, so a slow provider cannot block registration).
    public func healthReport() -> HealthReport {
        let (components, providers) = state.withLock { ($0.components, $0.sections) }
        let pending = components.filter { !$0.ready }.map(\.name)
        return HealthReport(ready: pending.isEmpty, pending: pending, sections: providers.map { ($0.name, $0.provider()) })
    }
}

/// Lets one component report that it became ready.
public struct ReadinessHandle: Sendable {
    let registry: ReadinessRegistry
    /// The component's name.
    public let component: String

    /// Flips the component to ready.
    public func markReady() { registry.markReady(component) }
}
