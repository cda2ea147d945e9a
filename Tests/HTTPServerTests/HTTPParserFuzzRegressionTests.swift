import Testing
@testable import HTTPServer

/// Inputs `scripts/fuzz http-parser` found: the same bytes must get the same answer however they are split.
@Suite struct HTTPParserFuzzRegressionTests {
    /// The fuzz target's small limits (414 beyond a 128-byte request line).
    static var small: HTTPLimits {
        var l = HTTPLimits()
        l.maxTargetBytes = 64
        l.maxHeaderBytes = 256
        l.maxHeaderCount = 8
        l.maxBodyBytes = 512
        l.maxChunkLineBytes = 32
        return l
    }

    static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.utf8.count, by: 2).map { i in
            let start = hex.index(hex.startIndex, offsetBy: i)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
    }

    static func failure(_ bytes: [UInt8], splits: [Int], limits: HTTPLimits) -> HTTPServerError? {
        do {
            _ = try ParseHarness.parse(bytes, splits: splits, limits: limits)
            return nil
        } catch {
            return error.kind
        }
    }

    /// crash-fef552c8: a 145-byte request line with a garbled version got 414 when cut after byte 142 (the early
    /// "request line too long" check) but 400 (bad version) when it arrived whole.
    @Test func longRequestLineGetsTheSameAnswerWholeOrInPieces() {
        let stream = Self.bytes(
            "c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c900504f5354202f70726f64756374732048b954502f312a"
            + "000000000000000361436f6e74651b1b1b1b1b1b1b1b1b1b1b1bc9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c900504f53"
            + "54201b1b4f5354201a1b6e742d547970653a206070706c69636174696fff000000000000006e2f6a736f6e0d0a436f6e7465"
            + "6e746e65684c672d743a2031350d0a0d0a7b226964223a22702d31227d0a")
        #expect(Self.failure(stream, splits: [], limits: Self.small) == .uriTooLong)
        #expect(Self.failure(stream, splits: [142], limits: Self.small) == .uriTooLong)
    }

    /// The same rule with a valid-looking line: a 9000-byte method was accepted whole but refused in pieces.
    @Test func longMethodIsRefusedWholeAsInPieces() {
        let stream = Array((String(repeating: "M", count: 9000) + " / HTTP/1.1\r\nHost: a\r\n\r\n").utf8)
        #expect(Self.failure(stream, splits: [], limits: HTTPLimits()) == .uriTooLong)
        #expect(Self.failure(stream, splits: [8500], limits: HTTPLimits()) == .uriTooLong)
    }
}
