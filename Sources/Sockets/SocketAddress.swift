#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A numeric IPv4 or IPv6 socket address. Host names are not resolved: a server binds to literal addresses.
public enum SocketAddress: Sendable, Equatable {
    /// An IPv4 address in network byte order and a port.
    case v4(sockaddr_in)
    /// An IPv6 address and a port.
    case v6(sockaddr_in6)

    /// Parses `host` as an IPv4 or IPv6 literal; `"localhost"` means 127.0.0.1.
    public init(host: String, port: Int) throws(SocketError) {
        guard (0...65535).contains(port) else { throw SocketError("inet_pton", code: EINVAL) }
        let literal = host == "localhost" ? "127.0.0.1" : host
        var a4 = sockaddr_in()
        if inet_pton(AF_INET, literal, &a4.sin_addr) == 1 {
            a4.sin_family = sa_family_t(AF_INET)
            a4.sin_port = in_port_t(UInt16(port).bigEndian)
            self = .v4(a4)
            return
        }
        var a6 = sockaddr_in6()
        if inet_pton(AF_INET6, literal, &a6.sin6_addr) == 1 {
            a6.sin6_family = sa_family_t(AF_INET6)
            a6.sin6_port = in_port_t(UInt16(port).bigEndian)
            self = .v6(a6)
            return
        }
        throw SocketError("inet_pton", code: EINVAL)
    }

    /// The address family (`AF_INET` or `AF_INET6`).
    public var family: Int32 {
        switch self {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    /// Calls `body` with a `sockaddr` pointer and its length, as `bind`/`connect` want them.
    public func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch self {
        case .v4(var a):
            return withUnsafePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .v6(var a):
            return withUnsafePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }

    /// The port stored in a `sockaddr_storage` filled by `getsockname`.
    static func port(of storage: sockaddr_storage) -> Int {
        var s = storage
        return withUnsafePointer(to: &s) { p -> Int in
            if Int32(storage.ss_family) == AF_INET6 {
                return p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }
}

extension sockaddr_in: @retroactive Equatable {
    public static func == (a: sockaddr_in, b: sockaddr_in) -> Bool {
        a.sin_port == b.sin_port && a.sin_addr.s_addr == b.sin_addr.s_addr
    }
}

extension sockaddr_in6: @retroactive Equatable {
    public static func == (a: sockaddr_in6, b: sockaddr_in6) -> Bool {
        var x = a.sin6_addr, y = b.sin6_addr
        return a.sin6_port == b.sin6_port && memcmp(&x, &y, MemoryLayout<in6_addr>.size) == 0
    }
}
