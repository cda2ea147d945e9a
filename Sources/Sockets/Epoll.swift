import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// An epoll instance plus an eventfd to wake its waiter from other threads (Linux).
///
/// Level-triggered: a descriptor with unread input is reported on every wait, so a reader may take as much or as
/// little as it likes per wake-up.
public final class Epoll: @unchecked Sendable {
    /// Interest and readiness flags.
    public struct Events: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Readable (or EOF).
        public static let input = Events(rawValue: UInt32(CEPOLL_IN))
        /// Writable.
        public static let output = Events(rawValue: UInt32(CEPOLL_OUT))
        /// Error condition (always reported).
        public static let error = Events(rawValue: UInt32(CEPOLL_ERR))
        /// Hang-up (always reported).
        public static let hangup = Events(rawValue: UInt32(CEPOLL_HUP))
        /// The peer shut down its sending side (a FIN arrived); reported only when asked for, and also while input
        /// is not (a busy connection can learn that its client left without reading what it sent).
        public static let peerHangup = Events(rawValue: UInt32(CEPOLL_RDHUP))
    }

    /// The epoll descriptor.
    public let fd: Int32
    /// The wake-up eventfd (registered for input).
    public let wakeFD: Int32
    private var fds = [Int32](repeating: 0, count: 256)
    private var masks = [UInt32](repeating: 0, count: 256)

    /// `epoll_create1` + `eventfd`.
    public init() throws(SocketError) {
        fd = cepoll_create()
        guard fd >= 0 else { throw .last("epoll_create1") }
        wakeFD = cepoll_eventfd()
        guard wakeFD >= 0 else {
            let e = SocketError.last("eventfd")
            Glibc.close(fd)
            throw e
        }
        try add(wakeFD, .input)
    }

    deinit {
        Glibc.close(wakeFD)
        Glibc.close(fd)
    }

    /// `epoll_ctl(ADD)`.
    public func add(_ descriptor: Int32, _ events: Events) throws(SocketError) {
        guard cepoll_ctl(fd, Int32(CEPOLL_CTL_ADD), descriptor, events.rawValue) == 0 else { throw .last("epoll_ctl(ADD)") }
    }

    /// `epoll_ctl(MOD)`: replaces the interest set (an empty set parks the descriptor without removing it).
    public func modify(_ descriptor: Int32, _ events: Events) throws(SocketError) {
        guard cepoll_ctl(fd, Int32(CEPOLL_CTL_MOD), descriptor, events.rawValue) == 0 else { throw .last("epoll_ctl(MOD)") }
    }

    /// `epoll_ctl(DEL)`; errors ignored (closing the descriptor removes it anyway).
    public func remove(_ descriptor: Int32) {
        _ = cepoll_ctl(fd, Int32(CEPOLL_CTL_DEL), descriptor, 0)
    }

    /// Waits up to `timeoutMilliseconds` (-1 forever) and calls `body` per ready descriptor, the wake fd included.
    public func wait(timeoutMilliseconds: Int32, _ body: (Int32, Events) -> Void) {
        let n = fds.withUnsafeMutableBufferPointer { f in
            masks.withUnsafeMutableBufferPointer { m in
                cepoll_wait(fd, f.baseAddress, m.baseAddress, Int32(f.count), timeoutMilliseconds)
            }
        }
        guard n > 0 else { return }
        for i in 0..<Int(n) { body(fds[i], Events(rawValue: masks[i])) }
    }

    /// Wakes a thread blocked in `wait` (from any thread).
    public func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    /// Consumes pending wake-ups (call when the wake fd is reported readable).
    public func drainWakeups() {
        var value: UInt64 = 0
        _ = Glibc.read(wakeFD, &value, 8)
    }
}
