@testable import Observability
import Foundation
import Logging
import Testing
import TestSupport

@Suite("Structured log lines")
struct StructuredLogHandlerTests {
    @Test func jsonLinesAreValidJSONWithEscapedValues() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("log.jsonl")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        let sink = LogSink(fd: fd)
        var handler = StructuredLogHandler(label: "test.log", sink: sink, format: .json, level: .info)
        handler[metadataKey: "component"] = "unit"
        let logger = Logger(label: "test.log", factory: { _ in handler })
        logger.info("request \"quoted\"", metadata: ["path": "/a\nb", "status": .stringConvertible(200), "emoji": "é✓"])
        logger.debug("below the level")
        sink.flush()
        close(fd)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String])
        #expect(object["msg"] == "request \"quoted\"")
        #expect(object["path"] == "/a\nb")
        #expect(object["status"] == "200")
        #expect(object["emoji"] == "é✓")
        #expect(object["component"] == "unit")
        #expect(object["level"] == "info")
        #expect(object["logger"] == "test.log")
        #expect(object["ts"]?.hasSuffix("Z") == true && object["ts"]?.count == 24)
    }
}
