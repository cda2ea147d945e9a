import Synchronization

/// A thread-safe incrementing counter (round-robin choice of reader connections).
final class AtomicCounter: Sendable {
    private let value = Atomic<Int>(0)

    /// The next value, starting at 0.
    func next() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue & Int.max }
}
