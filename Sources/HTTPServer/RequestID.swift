import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Generates request ids and vets client-supplied ones.
///
/// Generated ids are a random per-process prefix plus a counter: unique, cheap (one atomic increment, no
/// randomness per request) and sortable by arrival within a process.
public final class RequestID: Sendable {
    private let prefix: String
    private let counter = Atomic<UInt64>(0)

    /// A generator with a fresh random prefix.
    public init() {
        var g = SystemRandomNumberGenerator()
        let r = UInt32.random(in: .min ... .max, using: &g)
        let hex = String(r, radix: 16)
        prefix = String(repeating: "0", count: 8 - hex.count) + hex + "-"
    }

    /// The next id, e.g. `"3fa2c1d0-1b"`.
    public func next() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        return prefix + String(n, radix: 16)
    }

    /// A client id is echoed only if it is 1-128 visible ASCII characters, so it is safe to log and to reflect.
    public static func isAcceptable(_ value: String) -> Bool {
        let u = value.utf8
        return !u.isEmpty && u.count <= 128 && u.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
