import Testing
@testable import HTTPServer
import VectorMath

@Suite("Content coding")
struct ContentCodingTests {
    @Test(arguments: [
        ("gzip", true), ("deflate, gzip", true), ("gzip;q=0", false), ("*", true), ("*;q=0", false),
        ("br", false), ("", false), ("GZIP;Q=0.3", true), ("gzip;q=0, *", false),
    ])
    func acceptEncoding(header: String, expected: Bool) {
        #expect(ContentCoding.acceptsGzip(header) == expected)
    }

    @Test func gzipRoundTrip() throws {
        var g = SplitMix64(seed: 7)
        let words = ["alpha", "beta", "gamma", "delta"]
        let text = (0..<2000).map { _ in words[Int(g.next() % 4)] }.joined(separator: " ")
        let input = Array(text.utf8)
        let compressed = try #require(ContentCoding.gzip(input))
        #expect(compressed.count < input.count / 2)
        #expect(compressed.prefix(2) == [0x1f, 0x8b])
        #expect(ContentCoding.gunzip(compressed) == input)
        #expect(ContentCoding.gunzip([1, 2, 3]) == nil)
    }

    @Test func jsonErrorBodyEscapes() {
        let r = HTTPResponse.error(status: 400, code: "bad_request", message: "quote \" back \\ nl \n ctl \u{01}")
        #expect(String(decoding: r.body, as: UTF8.self)
            == #"{"error":{"code":"bad_request","message":"quote \" back \\ nl \n ctl \u0001"}}"#)
        #expect(r.headers["Content-Type"] == "application/json")
    }
}


@Suite("JSON escaping")
struct JSONTextTests {
    @Test(arguments: ["plain", "quote \" back \\ nl \n cr \r tab \t ctl \u{01}\u{1f}", "é✓ 漢字", ""])
    func stringAndByteEscapersAgree(value: String) {
        var text = ""
        JSONText.appendString(value, to: &text)
        var bytes: [UInt8] = []
        JSONText.appendString(value, to: &bytes)
        #expect(Array(text.utf8) == bytes)
    }
}
