import Glibc
import Sockets
import Testing

/// The `Socket` and `Epoll` wrappers on a connected `AF_UNIX` stream pair: no TCP, no ports, no timing.
@Suite("Sockets over a socketpair")
struct SocketsTests {
    /// Two connected stream sockets; the caller closes both.
    static func pair() throws -> (Int32, Int32) {
        var fds: [Int32] = [-1, -1]
        let rc = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds)
        try #require(rc == 0, "socketpair: errno \(errno)")
        return (fds[0], fds[1])
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) throws -> Int? {
        try bytes.withUnsafeBytes { try Socket.send(fd, $0) }
    }

    static func read(_ fd: Int32, max: Int = 4096) throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: max)
        let n = try buffer.withUnsafeMutableBytes { try Socket.read(fd, into: $0) }
        return n.map { Array(buffer.prefix($0)) }
    }

    /// The descriptors `wait(timeoutMilliseconds: 0)` reports, with their events (a poll, never a sleep).
    static func ready(_ epoll: Epoll, timeout: Int32 = 0) -> [Int32: Epoll.Events] {
        var out: [Int32: Epoll.Events] = [:]
        epoll.wait(timeoutMilliseconds: timeout) { fd, events in out[fd] = events }
        return out
    }

    @Test func bytesWrittenOnOneEndAreReadOnTheOther() throws {
        let (a, b) = try Self.pair()
        defer { Socket.close(a); Socket.close(b) }
        let message = Array("GET / HTTP/1.1\r\n\r\n".utf8) + [0, 255, 128]
        #expect(try Self.send(a, message) == message.count)
        #expect(try Self.read(b) == message)
        // And the other way round.
        #expect(try Self.send(b, [42]) == 1)
        #expect(try Self.read(a) == [42])
    }

    @Test func aShortBufferReadsTheRestOnTheNextCall() throws {
        let (a, b) = try Self.pair()
        defer { Socket.close(a); Socket.close(b) }
        #expect(try Self.send(a, Array(1...10)) == 10)
        #expect(try Self.read(b, max: 4) == [1, 2, 3, 4])
        #expect(try Self.read(b, max: 100) == Array(5...10))
    }

    @Test func readingAnEmptyNonBlockingSocketReportsWouldBlock() throws {
        let (a, b) = try Self.pair()
        defer { Socket.close(a); Socket.close(b) }
        try Socket.setNonBlocking(b)
        #expect(fcntl(b, F_GETFL, 0) & O_NONBLOCK != 0)
        #expect(fcntl(a, F_GETFL, 0) & O_NONBLOCK == 0)  // only the one descriptor changed
        #expect(try Self.read(b) == nil)
        #expect(try Self.send(a, [7]) == 1)
        #expect(try Self.read(b) == [7])
        #expect(try Self.read(b) == nil)
    }

    @Test func aFullNonBlockingSocketReportsWouldBlockOnSend() throws {
        let (a, b) = try Self.pair()
        defer { Socket.close(a); Socket.close(b) }
        try Socket.setNonBlocking(a)
        let chunk = [UInt8](repeating: 0xAB, count: 65_536)
        var sent = 0
        var blocked = false
        for _ in 0..<10_000 {  // the socket buffers are far smaller than 640 MB
            guard let n = try Self.send(a, chunk) else { blocked = true; break }
            sent += n
        }
        #expect(blocked)
        #expect(sent > 0)
        // Everything accepted is readable on the other end.
        try Socket.setNonBlocking(b)
        var received = 0
        while let bytes = try Self.read(b, max: 65_536), !bytes.isEmpty {
            #expect(bytes.allSatisfy { $0 == 0xAB })
            received += bytes.count
        }
        #expect(received == sent)
    }

    @Test func closingOneEndGivesEOFOnTheOther() throws {
        let (a, b) = try Self.pair()
        defer { Socket.close(b) }
        #expect(try Self.send(a, [1, 2, 3]) == 3)
        Socket.close(a)
        #expect(try Self.read(b) == [1, 2, 3])  // what was sent before the close is still delivered
        #expect(try Self.read(b) == [])  // then orderly EOF: 0 bytes, not would-block
        #expect(try Self.read(b) == [])
    }

    @Test func sendingToAClosedPeerIsEPIPENotASignal() throws {
        let (a, b) = try Self.pair()
        defer { Socket.close(a) }
        Socket.close(b)
        let error = #expect(throws: SocketError.self) { try Self.send(a, [1]) }
        #expect(error?.call == "send")
        #expect(error?.code == EPIPE)
    }

    @Test func shutdownWriteSignalsEOFButKeepsTheOtherDirectionOpen() throws {
        let (a, b) = try Self.pair()
        defer { Socket.close(a); Socket.close(b) }
        #expect(try Self.send(a, [9]) == 1)
        Socket.shutdownWrite(a)
        #expect(try Self.read(b) == [9])
        #expect(try Self.read(b) == [])
        #expect(try Self.send(b, [5, 6]) == 2)
        #expect(try Self.read(a) == [5, 6])
    }

    @Test func thePollerReportsReadabilityAfterAWrite() throws {
        let (a, b) = try Self.pair()
        defer { Socket.close(a); Socket.close(b) }
        let epoll = try Epoll()
        try epoll.add(b, .input)
        #expect(Self.ready(epoll)[b] == nil)
        #expect(try Self.send(a, [1, 2]) == 2)
        // Bounded wait: the data is already there, so this returns at once.
        let events = try #require(Self.ready(epoll, timeout: 1_000)[b])
        #expect(events.contains(.input))
        // Level-triggered: reported again until read.
        #expect(Self.ready(epoll)[b]?.contains(.input) == true)
        #expect(try Self.read(b) == [1, 2])
        #expect(Self.ready(epoll)[b] == nil)
    }

    @Test func thePollerReportsWritabilityAndHangUp() throws {
        let (a, b) = try Self.pair()
        defer { Socket.close(b) }
        let epoll = try Epoll()
        try epoll.add(b, [.input, .output])
        let idle = try #require(Self.ready(epoll)[b])
        #expect(idle.contains(.output))
        #expect(!idle.contains(.input))
        Socket.close(a)
        let closed = try #require(Self.ready(epoll, timeout: 1_000)[b])
        #expect(closed.contains(.input))  // EOF is readable
        #expect(closed.contains(.hangup))
        #expect(try Self.read(b) == [])
    }

    @Test func modifyToNothingParksAndRemoveForgetsADescriptor() throws {
        let (a, b) = try Self.pair()
        defer { Socket.close(a); Socket.close(b) }
        let epoll = try Epoll()
        try epoll.add(b, .input)
        #expect(try Self.send(a, [1]) == 1)
        try epoll.modify(b, [])
        #expect(Self.ready(epoll)[b] == nil)
        try epoll.modify(b, .input)
        #expect(Self.ready(epoll)[b]?.contains(.input) == true)
        epoll.remove(b)
        #expect(Self.ready(epoll)[b] == nil)
        // Adding it twice is an error (EEXIST), reported with the call's name.
        try epoll.add(b, .input)
        let error = #expect(throws: SocketError.self) { try epoll.add(b, .input) }
        #expect(error?.call == "epoll_ctl(ADD)")
        #expect(error?.code == EEXIST)
    }

    @Test func wakeIsReportedOnTheWakeDescriptorUntilDrained() throws {
        let epoll = try Epoll()
        #expect(Self.ready(epoll).isEmpty)
        epoll.wake()
        epoll.wake()
        #expect(Self.ready(epoll, timeout: 1_000)[epoll.wakeFD]?.contains(.input) == true)
        epoll.drainWakeups()  // one read takes both (an eventfd counter)
        #expect(Self.ready(epoll).isEmpty)
    }

    @Test func failuresNameTheCallAndCarryErrno() throws {
        let error = #expect(throws: SocketError.self) { try Socket.setNonBlocking(-1) }
        #expect(error?.call == "fcntl(F_GETFL)")
        #expect(error?.code == EBADF)
        #expect(error?.isWouldBlock == false)
        #expect(SocketError("read", code: EAGAIN).isWouldBlock)
        let readError = #expect(throws: SocketError.self) { try Self.read(-1) }
        #expect(readError?.code == EBADF)
    }

    @Test func aUnixSocketHasNoIPPeerAddress() throws {
        let (a, b) = try Self.pair()
        defer { Socket.close(a); Socket.close(b) }
        #expect(Socket.peerAddress(a) == "")
    }
}
