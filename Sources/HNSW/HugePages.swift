#if canImport(Glibc)
import Glibc
#endif

/// Large per-slot buffers on transparent huge pages.
///
/// A search at a million slots reads rows scattered over a gigabyte of codes and links: with 4 KB pages nearly
/// every row is also a TLB miss and a page walk, which stalls the very prefetch meant to hide the row's fetch
/// (perf on a 10% filtered walk at 1.15M slots: half of the walk's samples on its first row prefetch). Debian
/// ships THP in `madvise` mode, so a buffer gets 2 MB pages only when asked: buffers of `threshold` bytes or more
/// are aligned to 2 MB, rounded up to whole huge pages and marked `MADV_HUGEPAGE` before their first touch.
/// They are freed like any Swift allocation (`deallocate`: glibc's `free` takes aligned blocks).
enum HugePages {
    static let size = 2 << 20
    static let threshold = 2 << 20

    /// Uninitialised room for `capacity` values of `T`, aligned to `alignment` (at least `T`'s own).
    static func allocate<T>(_: T.Type, capacity: Int, alignment: Int = MemoryLayout<T>.alignment) -> UnsafeMutablePointer<T> {
        let bytes = max(capacity, 1) * MemoryLayout<T>.stride
        guard bytes >= threshold else {
            return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: max(alignment, MemoryLayout<T>.alignment))
                .bindMemory(to: T.self, capacity: max(capacity, 1))
        }
        let rounded = (bytes + size - 1) & ~(size - 1)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: size)
        #if os(Linux)
        _ = madvise(raw, rounded, MADV_HUGEPAGE)  // advice only: without THP the buffer keeps 4 KB pages
        #endif
        return raw.bindMemory(to: T.self, capacity: max(capacity, 1))
    }
}
