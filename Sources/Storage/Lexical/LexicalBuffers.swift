#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable array of plain values in memory of its own, so a search can read it through a raw pointer while the
/// index's read lock is held (no copy-on-write, no retain per access, no exclusivity checks in the hot loop).
final class LexicalColumn<T: BitwiseCopyable>: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<T>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 4) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always) subscript(i: Int) -> T {
        get { base[i] }
        set { base[i] = newValue }
    }

    /// Bytes allocated.
    var bytes: Int { capacity * MemoryLayout<T>.stride }

    func reserve(_ n: Int) {
        guard n > capacity else { return }
        let grown = max(n, capacity + capacity / 2 + 4)
        let fresh = UnsafeMutablePointer<T>.allocate(capacity: grown)
        fresh.moveInitialize(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = grown
    }

    func append(_ value: T) {
        if count == capacity { reserve(count + 1) }
        (base + count).initialize(to: value)
        count += 1
    }

    /// Appends `n` values copied from raw memory (e.g. a mapped snapshot file; no alignment needed).
    func append(raw: UnsafeRawPointer, count n: Int) {
        guard n > 0 else { return }
        reserve(count + n)
        UnsafeMutableRawPointer(base + count).copyMemory(from: raw, byteCount: n * MemoryLayout<T>.stride)
        count += n
    }

    /// Grows to `n` elements, new ones set to `fill`.
    func extend(to n: Int, fill: T) {
        guard n > count else { return }
        reserve(n)
        (base + count).initialize(repeating: fill, count: n - count)
        count = n
    }

    func insert(_ value: T, at i: Int) {
        if count == capacity { reserve(count + 1) }
        (base + i + 1).moveInitialize(from: base + i, count: count - i)
        (base + i).initialize(to: value)
        count += 1
    }

    func remove(at i: Int) {
        (base + i).moveInitialize(from: base + i + 1, count: count - i - 1)
        count -= 1
    }

    /// Keeps the elements at the given ascending positions only (in place).
    func keep(where predicate: (Int) -> Bool) {
        var out = 0
        for i in 0..<count where predicate(i) {
            base[out] = base[i]
            out += 1
        }
        count = out
    }

    func removeAll() { count = 0 }

    /// Frees what is past `count` (plus a little room), after compaction.
    func shrink() {
        let want = max(4, count + count / 8)
        guard capacity > want * 2 else { return }
        let fresh = UnsafeMutablePointer<T>.allocate(capacity: want)
        fresh.moveInitialize(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = want
    }
}

/// A readers-writer lock over `pthread_rwlock_t` (searches share it, the catch-up takes it alone); the lock lives
/// in its own allocation because a pthread lock must never move.
final class LexicalLock: @unchecked Sendable {
    private let handle: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        handle = .allocate(capacity: 1)
        handle.initialize(to: pthread_rwlock_t())
        precondition(pthread_rwlock_init(handle, nil) == 0, "pthread_rwlock_init failed")
    }

    deinit {
        pthread_rwlock_destroy(handle)
        handle.deallocate()
    }

    func read<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_rdlock(handle)
        defer { pthread_rwlock_unlock(handle) }
        return try body()
    }

    func write<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_wrlock(handle)
        defer { pthread_rwlock_unlock(handle) }
        return try body()
    }
}
