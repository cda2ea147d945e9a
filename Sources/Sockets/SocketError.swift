#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed POSIX call: which call, and the `errno` captured right where it failed.
public struct SocketError: Error, Equatable, CustomStringConvertible {
    /// The name of the system call that failed (`"bind"`, `"accept"`, ...).
    public let call: String
    /// The `errno` value observed immediately after the failing call.
    public let code: Int32

    /// Creates an error for `call` with an explicit `errno` value.
    public init(_ call: String, code: Int32) {
        self.call = call
        self.code = code
    }

    /// Creates an error for `call`, capturing the current `errno`.
    /// Call it on the very next line after the failing call: any libc call in between may clobber `errno`.
    public static func last(_ call: String) -> SocketError {
        SocketError(call, code: errno)
    }

    /// True when the call failed only because a non-blocking descriptor was not ready.
    public var isWouldBlock: Bool { code == EAGAIN || code == EWOULDBLOCK }

    /// True when the process or the system ran out of descriptors or socket memory (EMFILE, ENFILE, ENOBUFS,
    /// ENOMEM): retrying at once cannot succeed, so a caller should back off instead of spinning.
    public var isResourceExhaustion: Bool { code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM }

    /// `"bind: Address already in use (errno 98)"`.
    public var description: String {
        "\(call): \(String(cString: strerror(code))) (errno \(code))"
    }
}
