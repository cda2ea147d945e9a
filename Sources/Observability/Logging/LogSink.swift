import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A buffered, thread-safe line writer to a file descriptor (stdout by default), written by its own thread.
///
/// Access logging at tens of thousands of requests per second cannot afford a `write(2)` per line, nor a request
/// thread blocked on a slow stdout: callers only append to a buffer under a short lock; a background writer thread
/// writes it out when it passes `threshold` bytes or every `interval` seconds. `flush()` writes everything at once on
/// the calling thread, in order; a line with `urgent: true` (errors) is written at once too, unless a write is
/// already in progress, in which case the writer thread takes it right after.
///
/// Memory is bounded: when more than `maxPendingBytes` are waiting (stdout slower than the log rate, or blocked),
/// new lines are dropped and counted in `droppedLines` (exported as `log_dropped_lines_total`) instead of growing
/// the buffer without bound. Nothing is dropped while the writer keeps up, and `flush()` on shutdown loses nothing.
package final class LogSink: @unchecked Sendable {
    private struct Pending {
        var bytes: [UInt8] = []
        /// Bytes taken by a writer and not yet written (they count against the bound too).
        var inFlight = 0
        var writerSignalled = false
        var stopped = false
    }

    private let fd: Int32
    private let threshold: Int
    private let maxPendingBytes: Int
    private let intervalNanoseconds: UInt64
    private let pending = Mutex(Pending())
    /// Serialises writes (writer thread, `flush()`, urgent lines) so batches reach the descriptor in order.
    private let writeLock = Mutex(())
    private let wakeWriter = DispatchSemaphore(value: 0)
    private let writerDone = DispatchSemaphore(value: 0)
    private let dropped = Atomic<Int>(0)

    /// Lines dropped by every sink of the process since it started (for the metric).
    package static var droppedLinesTotal: Int { droppedTotal.load(ordering: .relaxed) }
    private static let droppedTotal = Atomic<Int>(0)

    /// A sink writing to `fd`: batches of `threshold` bytes, at least every `interval` seconds, at most
    /// `maxPendingBytes` waiting before lines are dropped.
    package init(fd: Int32 = 1, threshold: Int = 32 * 1024, interval: Double = 0.1, maxPendingBytes: Int = 8 << 20) {
        self.fd = fd
        self.threshold = threshold
        self.maxPendingBytes = max(maxPendingBytes, threshold)
        intervalNanoseconds = UInt64(max(0.001, interval) * 1e9)
        // The writer holds the sink weakly between batches, so dropping the last reference ends it (deinit flushes).
        let wake = wakeWriter, done = writerDone, timeout = intervalNanoseconds
        DispatchQueue(label: "ampere.log.writer").async { [weak self] in
            while true {
                _ = wake.wait(timeout: .now() + .nanoseconds(Int(timeout)))
                guard let sink = self, !sink.isStopped else { break }
                sink.flush()
            }
            done.signal()
        }
    }

    deinit {
        pending.withLock { $0.stopped = true }
        wakeWriter.signal()
        flush()
    }

    private var isStopped: Bool { pending.withLock { $0.stopped } }

    /// Lines this sink dropped because too much was waiting to be written.
    package var droppedLines: Int { dropped.load(ordering: .relaxed) }

    /// Appends one line (a newline is added); `urgent` writes through immediately.
    package func write(line: String, urgent: Bool = false) {
        var line = line
        line.withUTF8 { append($0, urgent: urgent) }
    }

    /// Appends one line given as UTF-8 bytes (a newline is added); `urgent` writes through immediately.
    package func write(bytes line: [UInt8], urgent: Bool = false) {
        line.withUnsafeBufferPointer { append($0, urgent: urgent) }
    }

    /// Appends one line (a newline is added); `urgent` writes through immediately.
    package func append(_ line: UnsafeBufferPointer<UInt8>, urgent: Bool = false) {
        enum Outcome { case buffered, signalWriter, dropped }
        let outcome = pending.withLock { p -> Outcome in
            if p.bytes.count + p.inFlight + line.count + 1 > maxPendingBytes { return .dropped }
            if p.bytes.capacity == 0 { p.bytes.reserveCapacity(threshold * 2) }
            p.bytes.append(contentsOf: line)
            p.bytes.append(10)
            guard !urgent, !p.stopped, p.bytes.count >= threshold, !p.writerSignalled else { return .buffered }
            p.writerSignalled = true
            return .signalWriter
        }
        switch outcome {
        case .buffered: break
        case .signalWriter: wakeWriter.signal()
        case .dropped:
            dropped.add(1, ordering: .relaxed)
            Self.droppedTotal.add(1, ordering: .relaxed)
        }
        // Urgent lines are written now unless a write is already under way (a slow stdout must not stall the
        // caller, often a request thread); then the writer thread, woken here, takes them next.
        if urgent, writeLock.withLockIfAvailable({ _ in flushLocked() }) == nil { wakeWriter.signal() }
    }

    /// Writes everything buffered, on the calling thread; returns when it is written (or the descriptor failed).
    package func flush() {
        writeLock.withLock { _ in flushLocked() }
    }

    /// Takes and writes the buffer; the caller holds `writeLock`.
    private func flushLocked() {
        let batch = take()
        if !batch.isEmpty { writeAll(batch) }
        pending.withLock { $0.inFlight = 0 }
    }

    /// Stops the writer thread (waiting for it) and flushes; later lines are written only by `flush()`.
    package func close() {
        let wasRunning = pending.withLock { p -> Bool in
            defer { p.stopped = true }
            return !p.stopped
        }
        if wasRunning {
            wakeWriter.signal()
            writerDone.wait()
        }
        flush()
    }

    private func take() -> [UInt8] {
        pending.withLock { p -> [UInt8] in
            p.writerSignalled = false
            guard !p.bytes.isEmpty else { return [] }  // an idle tick allocates nothing
            p.inFlight = p.bytes.count
            var batch: [UInt8] = []
            batch.reserveCapacity(p.bytes.count > threshold ? p.bytes.count : threshold * 2)
            swap(&batch, &p.bytes)
            return batch
        }
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
