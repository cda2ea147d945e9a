import Foundation
import HTTPServer
import Sockets

/// A deliberately dumb blocking HTTP/1.1 client over one TCP socket, for byte-exact tests: send exactly the bytes
/// you want (malformed, split, pipelined), then read responses one at a time.
///
/// Reads block with a socket timeout (default 10 s) so a broken server fails the test instead of hanging it.
/// Every call is `async` and does its blocking I/O on the client's own serial queue (its own thread): blocking
/// inside a test body would occupy one of the only two cooperative-pool threads and starve the server's async
/// handlers when tests run in parallel.
package final class RawHTTPClient: @unchecked Sendable {
    /// The socket descriptor.
    package let fd: Int32
    private var buffer: [UInt8] = []
    private let queue = DispatchQueue(label: "ampere.test.rawclient")

    /// Connects to `host:port`.
    package init(host: String = "127.0.0.1", port: Int, timeout: Double = 10) throws {
        fd = try Socket.connectTCP(host: host, port: port)
        try Socket.setTimeouts(fd, seconds: timeout)
        try? Socket.setNoDelay(fd)
    }

    deinit { Socket.close(fd) }

    /// Runs blocking socket work on the client's own thread.
    private func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Sends raw bytes (all of them).
    package func send(_ bytes: [UInt8]) async throws { try await offload { try self.sendBlocking(bytes) } }

    func sendBlocking(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = try bytes.withUnsafeBytes { try Socket.send(fd, UnsafeRawBufferPointer(rebasing: $0[sent...])) }
            guard let n, n > 0 else { throw SocketError("send", code: EAGAIN) }
            sent += n
        }
    }

    /// Sends a string as UTF-8 bytes.
    package func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    /// Sends a simple request; `Host` is added, and `Content-Length` when there is a body.
    package func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) async throws -> RawResponse {
        try await offload { try self.requestBlocking(method, target, headers: headers, body: body) }
    }

    func requestBlocking(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) throws -> RawResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: test\r\n"
        for (n, v) in headers { head += "\(n): \(v)\r\n" }
        if !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        try sendBlocking(Array((head + "\r\n").utf8) + body)
        guard let response = try readResponseBlocking(forHead: method == "HEAD") else { throw SocketError("read", code: ECONNRESET) }
        return response
    }

    /// Reads one response; nil if the server closed the connection before sending one.
    package func readResponse(forHead: Bool = false) async throws -> RawResponse? {
        try await offload { try self.readResponseBlocking(forHead: forHead) }
    }

    func readResponseBlocking(forHead: Bool = false) throws -> RawResponse? {
        guard let end = try fill(until: { Self.find([13, 10, 13, 10], in: $0) }) else { return nil }
        let rawHead = String(decoding: buffer[0..<end], as: UTF8.self)
        buffer.removeFirst(end + 4)
        var lines = rawHead.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        let status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body: [UInt8] = []
        if !forHead, status >= 200, status != 204, status != 304 {
            if let length = headers["Content-Length"].flatMap({ Int($0) }) {
                guard try fill(until: { $0.count >= length ? length : nil }) != nil else { return nil }
                body = Array(buffer[0..<length])
                buffer.removeFirst(length)
            } else {
                body = try readToEndBlocking()
            }
        }
        return RawResponse(status: status, headers: headers, body: body, rawHead: rawHead + "\r\n\r\n")
    }

    /// Reads until the server closes; returns everything not yet consumed.
    package func readToEnd() async throws -> [UInt8] { try await offload { try self.readToEndBlocking() } }

    func readToEndBlocking() throws -> [UInt8] {
        while try readMore() {}
        defer { buffer.removeAll() }
        return buffer
    }

    /// True when the server has closed the connection (EOF or reset) and sent nothing more.
    package func serverClosed() async throws -> Bool {
        try await offload { try self.serverClosedBlocking() }
    }

    func serverClosedBlocking() throws -> Bool {
        do {
            return try readToEndBlocking().isEmpty
        } catch let error as SocketError where error.code == ECONNRESET {
            return true
        }
    }

    /// Half-closes our side (the server sees EOF).
    package func shutdownWrite() { Socket.shutdownWrite(fd) }

    private func fill(until found: ([UInt8]) -> Int?) throws -> Int? {
        while true {
            if let r = found(buffer) { return r }
            guard try readMore() else { return found(buffer) }
        }
    }

    private func readMore() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = try chunk.withUnsafeMutableBytes { try Socket.read(fd, into: $0) }
        guard let n else { throw SocketError("read", code: EAGAIN) }  // SO_RCVTIMEO expired
        if n == 0 { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}
