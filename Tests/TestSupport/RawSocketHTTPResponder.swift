#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A deliberately minimal HTTP/1.1 responder on raw POSIX sockets, for client-side tests that need a handler to
/// *block* (e.g. measuring how many requests an HTTP client keeps in flight): one thread per connection, so the
/// server never limits concurrency itself, unlike `HTTPServer`'s fixed worker threads. Everything else uses
/// `StubLLMServer` on our own `HTTPServer`. One request per connection (`Connection: close`); binds 127.0.0.1 on
/// an ephemeral port, valid once `init` returns.
package final class RawSocketHTTPResponder: Sendable {
    /// One parsed request as the stub saw it.
    package struct Request: Sendable {
        /// Method, e.g. "POST".
        package let method: String
        /// Request target, e.g. "/v1/chat/completions".
        package let path: String
        /// Header fields as received.
        package let headers: [(name: String, value: String)]
        /// Body bytes (Content-Length framed).
        package let body: [UInt8]
        /// The first value of header `name`, case-insensitive.
        package func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// What to answer; `delay` seconds pass before the reply is written (to provoke client timeouts).
    package struct Reply: Sendable {
        /// Status code.
        package var status: Int
        /// Extra header fields (Content-Length and Connection are added).
        package var headers: [(name: String, value: String)]
        /// Body bytes.
        package var body: [UInt8]
        /// Seconds to wait before answering.
        package var delay: Double
        /// Creates a reply.
        package init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], delay: Double = 0) {
            self.status = status; self.headers = headers; self.body = body; self.delay = delay
        }
    }

    /// The bound TCP port.
    package let port: Int
    private let listenFD: Int32
    private let stopped = Atomic<Bool>(false)

    /// Binds, listens and starts the accept thread; `handler` runs on a per-connection thread.
    package init(handler: @escaping @Sendable (Request) -> Reply) throws {
        signal(SIGPIPE, SIG_IGN)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXErrorCode(rawValue: errno).map { POSIXError($0) } ?? POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && listen(fd, 64) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        guard ok else { close(fd); throw POSIXError(.EADDRINUSE) }
        listenFD = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let thread = Thread { [self] in acceptLoop(handler) }
        thread.start()
    }

    deinit { stop() }

    /// Stops accepting; connections in progress finish on their own threads.
    package func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        shutdown(listenFD, Int32(SHUT_RDWR))  // wakes the thread blocked in accept(); close alone would not on Linux
        close(listenFD)
    }

    private func acceptLoop(_ handler: @escaping @Sendable (Request) -> Reply) {
        while !stopped.load(ordering: .acquiring) {
            let client = accept(listenFD, nil, nil)
            if client < 0 { if errno == EINTR { continue } else { return } }
            Thread { Self.serve(client, handler) }.start()
        }
    }

    private static func serve(_ fd: Int32, _ handler: (Request) -> Reply) {
        defer { close(fd) }
        guard let request = readRequest(fd) else { return }
        let reply = handler(request)
        if reply.delay > 0 { usleep(useconds_t(reply.delay * 1_000_000)) }
        var head = "HTTP/1.1 \(reply.status) Stub\r\nContent-Length: \(reply.body.count)\r\nConnection: close\r\n"
        for h in reply.headers { head += "\(h.name): \(h.value)\r\n" }
        let bytes = Array((head + "\r\n").utf8) + reply.body
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    private static func readRequest(_ fd: Int32) -> Request? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        let terminator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int? = nil
        var contentLength = 0
        while true {
            if headerEnd == nil, let end = buffer.firstRange(of: terminator)?.upperBound {
                headerEnd = end
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let end = headerEnd, buffer.count >= end + contentLength { break }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[..<n])
        }
        let end = headerEnd!
        let lines = String(decoding: buffer[..<end], as: UTF8.self).split(separator: "\r\n")
        let start = lines.first?.split(separator: " ") ?? []
        guard start.count >= 2 else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Request(method: String(start[0]), path: String(start[1]), headers: headers,
                       body: Array(buffer[end..<(end + contentLength)]))
    }
}
