import CoreMetrics
import Synchronization

/// A monotonically increasing counter (swift-metrics `Counter` and `FloatingPointCounter`).
final class PrometheusCounter: CounterHandler, FloatingPointCounterHandler, Sendable {
    private let integral = Atomic<Int64>(0)
    private let fraction = Mutex<Double>(0)

    func increment(by amount: Int64) { integral.add(amount, ordering: .relaxed) }
    func increment(by amount: Double) {
        guard amount > 0, amount.isFinite else { return }
        fraction.withLock { $0 += amount }
    }
    func reset() {
        integral.store(0, ordering: .relaxed)
        fraction.withLock { $0 = 0 }
    }

    var value: Double { Double(integral.load(ordering: .relaxed)) + fraction.withLock { $0 } }
}

/// A value that goes up and down (swift-metrics `Gauge`, `Meter`, and non-aggregating `Recorder`).
final class PrometheusGauge: RecorderHandler, MeterHandler, Sendable {
    private let current = Mutex<Double>(0)

    func record(_ value: Int64) { set(Double(value)) }
    func record(_ value: Double) { set(value) }
    func set(_ value: Int64) { set(Double(value)) }
    func set(_ value: Double) { current.withLock { $0 = value } }
    func increment(by amount: Double) { current.withLock { $0 += amount } }
    func decrement(by amount: Double) { current.withLock { $0 -= amount } }

    var value: Double { current.withLock { $0 } }
}

/// A histogram with fixed bucket bounds (swift-metrics `Timer`, in seconds, and aggregating `Recorder`).
final class PrometheusHistogram: RecorderHandler, TimerHandler, Sendable {
    /// Upper bounds, ascending; `+Inf` is implicit.
    let bounds: [Double]
    private let state: Mutex<(counts: [Int], sum: Double, count: Int)>

    init(bounds: [Double]) {
        self.bounds = bounds.sorted()
        state = Mutex((counts: [Int](repeating: 0, count: bounds.count), sum: 0, count: 0))
    }

    func record(_ value: Int64) { observe(Double(value)) }
    func record(_ value: Double) { observe(value) }
    func recordNanoseconds(_ duration: Int64) { observe(Double(duration) / 1e9) }

    func observe(_ value: Double) {
        guard !value.isNaN else { return }
        // Non-cumulative counts per bucket; cumulated at render time so an observation costs one increment.
        let index = bounds.firstIndex { value <= $0 }
        state.withLock { s in
            if let index { s.counts[index] += 1 }
            s.sum += value
            s.count += 1
        }
    }

    /// Cumulative bucket counts, sum and total count.
    var snapshot: (cumulative: [Int], sum: Double, count: Int) {
        let (counts, sum, count) = state.withLock { ($0.counts, $0.sum, $0.count) }
        var running = 0
        return (counts.map { running += $0; return running }, sum, count)
    }
}
