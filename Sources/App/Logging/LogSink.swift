import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A buffered, thread-safe line writer to a file descriptor (stdout by default).
///
/// Access logging at tens of thousands of requests per second cannot afford one `write(2)` per line: lines are
/// appended to a buffer under a lock and written when it passes 32 KiB, every 100 ms, on `flush()`, and at once
/// for errors (so a crash right after an error still shows it).
public final class LogSink: @unchecked Sendable {
    private let fd: Int32
    private let buffer = Mutex<[UInt8]>([])
    private let threshold: Int
    private let timer: DispatchSourceTimer

    /// A sink writing to `fd`.
    public init(fd: Int32 = 1, threshold: Int = 32 * 1024, interval: Double = 0.1) {
        self.fd = fd
        self.threshold = threshold
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "ampere.log.flush"))
        let ms = Int(interval * 1000)
        timer.schedule(deadline: .now() + .milliseconds(ms), repeating: .milliseconds(ms), leeway: .milliseconds(ms / 2))
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.resume()
    }

    deinit {
        timer.cancel()
        flush()
    }

    /// Appends one line (a newline is added); `urgent` writes through immediately.
    public func write(line: String, urgent: Bool = false) {
        write(bytes: Array(line.utf8), urgent: urgent)
    }

    /// Appends one line given as UTF-8 bytes (a newline is added); `urgent` writes through immediately.
    public func write(bytes line: [UInt8], urgent: Bool = false) {
        let full = buffer.withLock { b -> [UInt8]? in
            b.append(contentsOf: line)
            b.append(10)
            guard urgent || b.count >= threshold else { return nil }
            defer { b.removeAll(keepingCapacity: true) }
            return b
        }
        if let full { writeAll(full) }
    }

    /// Writes everything buffered.
    public func flush() {
        let pending = buffer.withLock { b -> [UInt8] in
            defer { b.removeAll(keepingCapacity: true) }
            return b
        }
        if !pending.isEmpty { writeAll(pending) }
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }  // stdout gone: dropping logs beats blocking or crashing the service
                offset += n
            }
        }
    }
}
