@testable import Observability
import API
import Dispatch
import Foundation
import Synchronization
import Testing
import TestSupport

@Suite("Log sink: batched, bounded, nothing lost on flush")
struct LogSinkTests {
    @Test func flushWritesEveryLineInOrder() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("log.txt")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        // A threshold far above what we write and a long interval: only flush() can write these lines.
        let sink = LogSink(fd: fd, threshold: 1 << 20, interval: 60)
        for i in 0..<1000 { sink.write(line: "line \(i)") }
        sink.flush()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines == (0..<1000).map { "line \($0)"[...] })
        #expect(sink.droppedLines == 0)
        sink.close()
        close(fd)
    }

    @Test func writerThreadWritesWithoutFlush() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let sink = LogSink(fd: writeEnd, threshold: 64, interval: 0.01)
        for i in 0..<100 { sink.write(line: "background \(i)") }
        // Nobody calls flush(): every byte read from the pipe was written by the writer thread. Each read waits for
        // the pipe to become readable (an event); poll's 10 s bound only ends a test whose writer never writes.
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count(where: { $0 == 10 }) < 100 {
            var ready = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 10_000) == 1 else { break }
            let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            guard n > 0 else { break }
            received += buffer[0..<n]
        }
        let lines = String(decoding: received, as: UTF8.self).split(separator: "\n")
        #expect(lines == (0..<100).map { "background \($0)"[...] })
        sink.close()
        close(writeEnd)
        close(readEnd)
    }

    /// A reader that stops reading (a stuck stdout pipe): memory stays bounded, extra lines are dropped and
    /// counted, and every line that was not dropped arrives whole and in order once the reader resumes.
    @Test func slowOutputDropsAndCountsInsteadOfGrowing() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let before = LogSink.droppedLinesTotal
        let sink = LogSink(fd: writeEnd, threshold: 1024, interval: 0.005, maxPendingBytes: 32 * 1024)
        let payload = String(repeating: "x", count: 90)
        let total = 20_000  // ~2 MB: far more than the pipe (64 KiB) plus the bound (32 KiB) can hold
        for i in 0..<total { sink.write(line: "\(i) \(payload)") }
        let dropped = sink.droppedLines
        #expect(dropped > 0)
        #expect(LogSink.droppedLinesTotal - before >= dropped)

        let received = Mutex<[UInt8]>([])
        let done = DispatchSemaphore(value: 0)
        DispatchQueue(label: "reader").async {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                received.withLock { $0.append(contentsOf: buffer[0..<n]) }
            }
            done.signal()
        }
        sink.close()
        close(writeEnd)
        done.wait()
        close(readEnd)
        let lines = received.withLock { String(decoding: $0, as: UTF8.self) }.split(separator: "\n")
        #expect(lines.count == total - dropped)
        let numbers = lines.compactMap { line -> Int? in
            guard line.hasSuffix(payload) else { return nil }
            return Int(line.split(separator: " ")[0])
        }
        #expect(numbers.count == lines.count)  // every line whole
        #expect(numbers == numbers.sorted())  // and in order
    }
}
