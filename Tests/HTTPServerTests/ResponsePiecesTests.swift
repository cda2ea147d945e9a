@testable import HTTPServer
import Testing

@Suite("Per-request pieces written without Strings")
struct ResponsePiecesTests {
    @Test(arguments: [UInt64(0), 0xE, 0xFFFFFE, 0xFFFF_FFFF_FFFF_FFF0, UInt64.max - 1])
    func requestIDsArePrefixPlusHexCounter(after start: UInt64) throws {
        let ids = RequestID(after: start)
        let first = ids.next()
        let prefix = first.prefix(9)
        #expect(prefix.count == 9 && prefix.last == "-")
        #expect(prefix.dropLast().allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(first == prefix + String(start &+ 1, radix: 16))
        let second = ids.next()
        #expect(second == prefix + String(start &+ 2, radix: 16))
        #expect(RequestID.isAcceptable(second))
    }

    @Test func decimalsMatchDescription() {
        for value in [0, 7, 10, 99, 100, 151, 65_536, 1_000_000_007, Int.max] {
            var out: [UInt8] = []
            ResponseEncoder.appendDecimal(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == value.description)
        }
    }

    @Test func reservedAndUnsafeHeadersAreDropped() {
        for name in ["Content-Length", "content-length", "CONNECTION", "Transfer-Encoding", "date", "x-request-id"] {
            #expect(!ResponseEncoder.mayPass(name, "1"), "\(name)")
        }
        for (name, value) in [("Bad Name", "x"), ("", "x"), ("X-Split", "a\r\nb"), ("X-Nul", "a\u{0}b"), ("Dat:", "x")] {
            #expect(!ResponseEncoder.mayPass(name, value), "\(name)")
        }
        for name in ["Content-Type", "Cache-Control", "Datf", "X-Request-Id2", "Connectiom", "Allow"] {
            #expect(ResponseEncoder.mayPass(name, "text/plain; q=1 é"), "\(name)")
        }
    }
}
