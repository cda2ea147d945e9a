import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Generates request ids and vets client-supplied ones.
///
/// Generated ids are a random per-process prefix plus a counter: unique, cheap (one atomic increment, no
/// randomness per request) and sortable by arrival within a process.
public final class RequestID: Sendable {
    private let prefix: [UInt8]
    private let counter = Atomic<UInt64>(0)

    /// A generator with a fresh random prefix.
    public convenience init() { self.init(after: 0) }

    /// A generator whose first id has counter `start + 1` (tests use it to reach wide counters).
    init(after start: UInt64) {
        var g = SystemRandomNumberGenerator()
        let r = UInt32.random(in: .min ... .max, using: &g)
        let hex = String(r, radix: 16)
        prefix = Array((String(repeating: "0", count: 8 - hex.count) + hex + "-").utf8)
        counter.store(start, ordering: .relaxed)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The next id, e.g. `"3fa2c1d0-1b"`. Written as bytes: up to 15 of them make a small (inline) String,
    /// so the first 16 million ids of a process allocate nothing.
    public func next() -> String {
        let n = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            var length = 0
            for byte in prefix {
                buffer[length] = byte
                length += 1
            }
            var digits = 1
            while digits < 16 && n >> (4 * UInt64(digits)) != 0 { digits += 1 }
            for d in stride(from: digits - 1, through: 0, by: -1) {
                buffer[length] = Self.hexDigits[Int((n >> (4 * UInt64(d))) & 0xF)]
                length += 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<length]), as: UTF8.self)
        }
    }

    /// A client id is echoed only if it is 1-128 visible ASCII characters, so it is safe to log and to reflect.
    public static func isAcceptable(_ value: String) -> Bool {
        let u = value.utf8
        return !u.isEmpty && u.count <= 128 && u.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
