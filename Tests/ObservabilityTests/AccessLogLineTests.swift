@testable import Observability
import Foundation
import HTTPServer
import Logging
import Testing
import TestSupport

@Suite("Access-log line: fast path writes what swift-log's generic path writes")
struct AccessLogLineTests {
    /// Writes one entry through `logAccess` and through `log(event:)` with the entry's metadata; returns both lines.
    private func bothLines(_ entry: HTTPAccessLogEntry) throws -> (fast: String, generic: String) {
        let dir = try TemporaryDirectory()
        let path = dir.file("log.jsonl")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let sink = LogSink(fd: fd)
        let handler = StructuredLogHandler(label: "ampere.http", sink: sink, format: .json, level: .info)
        #expect(handler.logAccess(entry, label: "ampere.http"))
        let logger = Logger(label: "ampere.http", factory: { _ in handler })
        logger.info(HTTPAccessLogEntry.message, metadata: entry.metadata)
        sink.close()
        close(fd)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        try #require(lines.count == 2)
        return (lines[0], lines[1])
    }

    /// The lines without their timestamps (the two were written a moment apart).
    private func withoutTimestamp(_ line: String) -> Substring {
        line[line.index(line.startIndex, offsetBy: 33)...]  // {"ts":"2026-11-21T06:00:00.123Z", is 33 bytes
    }

    @Test(arguments: [
        HTTPAccessLogEntry(requestID: "3fa2c1d0-1b", method: .get, path: "/health", route: "/health", status: 200,
                           requestBytes: 0, responseBytes: 151, durationNanoseconds: 12_345),
        HTTPAccessLogEntry(requestID: "client \"id\"", method: HTTPMethod("BREW"), path: "/a\\b\n\u{1}é", route: nil,
                           status: 404, requestBytes: 1_234_567_890_123, responseBytes: 77,
                           durationNanoseconds: 98_765_432_100),
        HTTPAccessLogEntry(requestID: "x", method: HTTPMethod("-"), path: nil, route: nil, status: 400,
                           requestBytes: 0, responseBytes: 0, durationNanoseconds: 999),
    ])
    func fastAndGenericLinesAreIdentical(entry: HTTPAccessLogEntry) throws {
        let (fast, generic) = try bothLines(entry)
        #expect(withoutTimestamp(fast) == withoutTimestamp(generic))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(fast.utf8)) as? [String: String])
        #expect(object["request_id"] == entry.requestID)
        #expect(object["path"] == entry.path.map(String.init) ?? "-")
        #expect(object["duration_ms"] == HTTPAccessLogEntry.milliseconds(entry.durationNanoseconds))
        #expect(object["ts"]?.count == 24)
    }

    @Test func handlerWithItsOwnMetadataOrTextFormatDeclines() {
        let sink = LogSink(fd: -1)
        var withMetadata = StructuredLogHandler(label: "ampere.http", sink: sink, format: .json, level: .info)
        withMetadata[metadataKey: "node"] = "a"
        let text = StructuredLogHandler(label: "ampere.http", sink: sink, format: .text, level: .info)
        let entry = HTTPAccessLogEntry(requestID: "r", method: .get, path: "/", route: "/", status: 200,
                                       requestBytes: 0, responseBytes: 0, durationNanoseconds: 0)
        #expect(!withMetadata.logAccess(entry, label: "ampere.http"))
        #expect(!text.logAccess(entry, label: "ampere.http"))
        sink.close()
    }

    @Test func timestampsMatchGmtime() {
        var seeds = [0, 59, 951_782_400, 951_868_799, 4_107_542_400, 1_795_000_000, -1, -86_400, 253_402_300_799]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            seeds.append(Int(state >> 31) % 4_102_444_800)  // up to 2100
        }
        for seconds in seeds {
            var out: [UInt8] = []
            LogTimestamp.append(seconds: seconds, milliseconds: 7, to: &out)
            var t = time_t(seconds)
            var tm = tm()
            gmtime_r(&t, &tm)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.007Z", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1,
                                  Int(tm.tm_mday), Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec))
            #expect(String(decoding: out, as: UTF8.self) == expected, "seconds \(seconds)")
        }
    }
}
