#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out `SearchScratch` buffers to concurrent searches and takes them back, so a search allocates nothing
/// once the pool is warm. A plain mutex suffices: it is held for a pop or a push, not for the search.
final class ScratchPool: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var free: [SearchScratch] = []
    private let ef: Int

    init(ef: Int) {
        self.ef = ef
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with a scratch nobody else is using, sized for at least `slots` slots.
    @inline(__always)
    func with<T>(slots: Int, _ body: (SearchScratch) throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        let scratch = free.popLast()
        pthread_mutex_unlock(mutex)
        let s = scratch ?? SearchScratch(slots: slots, ef: ef)
        defer {
            pthread_mutex_lock(mutex)
            free.append(s)
            pthread_mutex_unlock(mutex)
        }
        return try body(s)
    }
}
