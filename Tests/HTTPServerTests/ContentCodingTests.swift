import Testing
@testable import HTTPServer

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
        var g = SeededGenerator(seed: 7)
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

/// SplitMix64, for seeded test data.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
