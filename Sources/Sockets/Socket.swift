#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin throwing wrappers, one per POSIX socket call, over raw file descriptors.
///
/// Nothing here knows about HTTP. Descriptors are plain `Int32`s: ownership (who closes) is the caller's business,
/// because the HTTP layer confines each descriptor to one serial queue and closes it exactly once there.
public enum Socket {
    /// Ignores `SIGPIPE` process-wide: a peer that vanished must surface as `EPIPE`, not kill the process.
    public static func ignoreSIGPIPE() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// `socket(2)` for TCP over IPv4 or IPv6.
    public static func makeTCP(family: Int32 = AF_INET) throws(SocketError) -> Int32 {
        #if canImport(Glibc)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(family, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw .last("socket") }
        return fd
    }

    /// `setsockopt(SO_REUSEADDR)`: lets a restarted server rebind while old connections sit in TIME_WAIT.
    public static func setReuseAddress(_ fd: Int32) throws(SocketError) {
        try setIntOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1, call: "setsockopt(SO_REUSEADDR)")
    }

    /// `setsockopt(TCP_NODELAY)`: each response goes out in one write, so Nagle only adds latency.
    public static func setNoDelay(_ fd: Int32) throws(SocketError) {
        try setIntOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1, call: "setsockopt(TCP_NODELAY)")
    }

    /// `fcntl(F_SETFL, O_NONBLOCK)`.
    public static func setNonBlocking(_ fd: Int32) throws(SocketError) {
        let flags = fcntl(fd, F_GETFL, 0)
        guard flags >= 0 else { throw .last("fcntl(F_GETFL)") }
        guard fcntl(fd, F_SETFL, flags | O_NONBLOCK) >= 0 else { throw .last("fcntl(F_SETFL)") }
    }

    /// `bind(2)` to a numeric IPv4/IPv6 host (`"127.0.0.1"`, `"0.0.0.0"`, `"::1"`) and port (0 = any free port).
    public static func bind(_ fd: Int32, address: SocketAddress) throws(SocketError) {
        let rc = address.withSockAddr { Glibc.bind(fd, $0, $1) }
        guard rc == 0 else { throw .last("bind") }
    }

    /// `listen(2)`.
    public static func listen(_ fd: Int32, backlog: Int32) throws(SocketError) {
        guard Glibc.listen(fd, backlog) == 0 else { throw .last("listen") }
    }

    /// `accept(2)`; returns nil when a non-blocking listener has nothing pending.
    public static func accept(_ fd: Int32) throws(SocketError) -> Int32? {
        let client = Glibc.accept(fd, nil, nil)
        if client >= 0 { return client }
        let error = SocketError.last("accept")
        // ECONNABORTED: the peer gave up while queued; not our failure, just nothing to accept.
        if error.isWouldBlock || error.code == ECONNABORTED || error.code == EINTR { return nil }
        throw error
    }

    /// `connect(2)` (blocking); used by clients and tests.
    public static func connect(_ fd: Int32, address: SocketAddress) throws(SocketError) {
        let rc = address.withSockAddr { Glibc.connect(fd, $0, $1) }
        guard rc == 0 else { throw .last("connect") }
    }

    /// `read(2)` into `buffer`; returns the byte count (0 = orderly EOF) or nil when a non-blocking read would block.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int? {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            let error = SocketError.last("read")
            if error.code == EINTR { continue }
            if error.isWouldBlock { return nil }
            throw error
        }
    }

    /// `send(2)` with `MSG_NOSIGNAL`; returns bytes written, or nil when a non-blocking send would block.
    public static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SocketError) -> Int? {
        while true {
            let n = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return n }
            let error = SocketError.last("send")
            if error.code == EINTR { continue }
            if error.isWouldBlock { return nil }
            throw error
        }
    }

    /// `shutdown(2)` of the write side: tells the peer we are done while still letting it read what was sent.
    public static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// `close(2)`. Errors are ignored on purpose: after close the descriptor is gone either way.
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// `getsockname(2)`: the bound local port (useful after binding port 0).
    public static func localPort(_ fd: Int32) throws(SocketError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { throw .last("getsockname") }
        return SocketAddress.port(of: storage)
    }

    /// `setsockopt(SO_RCVTIMEO/SO_SNDTIMEO)`: bounds blocking reads and writes (used by test clients).
    public static func setTimeouts(_ fd: Int32, seconds: Double) throws(SocketError) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        let size = socklen_t(MemoryLayout<timeval>.size)
        guard setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, size) == 0 else { throw .last("setsockopt(SO_RCVTIMEO)") }
        guard setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, size) == 0 else { throw .last("setsockopt(SO_SNDTIMEO)") }
    }

    private static func setIntOption(
        _ fd: Int32, level: Int32, name: Int32, value: Int32, call: String
    ) throws(SocketError) {
        var v = value
        guard setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size)) == 0 else { throw .last(call) }
    }
}
