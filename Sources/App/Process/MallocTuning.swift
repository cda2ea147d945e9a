#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials

/// glibc malloc settings that keep the server's resident memory flat under `scripts/load-test`.
///
/// `<malloc.h>` is not part of the Glibc module, so `mallopt` and `malloc_trim` are looked up with `dlsym`.
package enum MallocTuning {
    private typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    private typealias MallocTrim = @convention(c) (Int) -> Int32

    /// Two arenas and a fixed 1 MiB mmap threshold, unless `MALLOC_ARENA_MAX` is set in the environment.
    ///
    /// By default glibc gives threads that contend for malloc their own arenas (up to 8 per core) and seldom returns
    /// their free pages, and its mmap threshold grows to the largest block freed, after which big transient buffers
    /// (snapshot bytes, batch bodies) stay in the heap. Call once, before threads start.
    package static func configure() {
        #if canImport(Glibc)
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil,
              let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-8, 2)  // M_ARENA_MAX
        _ = mallopt(-3, 1 << 20)  // M_MMAP_THRESHOLD (fixed: also turns off the dynamic threshold)
        #endif
    }

    /// Returns free heap pages to the system (`malloc_trim(0)`), after work that freed many small blocks at once,
    /// such as an index snapshot (SQLite's page cache held every page of the snapshot blob until the commit).
    package static func releaseFreePages() {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
