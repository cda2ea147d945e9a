import Testing
@testable import HTTPServer

@Suite("HTTP/1.1 parser")
struct HTTPParserTests {
    static let valid: [(name: String, bytes: String, expected: [Parsed])] = [
        ("simple GET", "GET /health HTTP/1.1\r\nHost: a\r\n\r\n",
         [Parsed(method: "GET", target: "/health", body: [], keepAlive: true)]),
        ("POST with Content-Length", "POST /p?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
         [Parsed(method: "POST", target: "/p?x=1", body: Array("hello".utf8), keepAlive: true)]),
        ("chunked with extensions and trailers",
         "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6 ; ext\r\n world\r\n0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n",
         [Parsed(method: "POST", target: "/c", body: Array("hello world".utf8), keepAlive: true)]),
        ("HTTP/1.0 defaults to close", "GET / HTTP/1.0\r\n\r\n",
         [Parsed(method: "GET", target: "/", body: [], keepAlive: false)]),
        ("HTTP/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
         [Parsed(method: "GET", target: "/", body: [], keepAlive: true)]),
        ("Connection: close", "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
         [Parsed(method: "GET", target: "/", body: [], keepAlive: false)]),
        ("pipelined three", "GET /a HTTP/1.1\r\nHost: a\r\n\r\nPOST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi"
            + "HEAD /c HTTP/1.1\r\nHost: a\r\n\r\n",
         [Parsed(method: "GET", target: "/a", body: [], keepAlive: true),
          Parsed(method: "POST", target: "/b", body: Array("hi".utf8), keepAlive: true),
          Parsed(method: "HEAD", target: "/c", body: [], keepAlive: true)]),
        ("leading CRLF ignored", "\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\n",
         [Parsed(method: "GET", target: "/x", body: [], keepAlive: true)]),
        ("Content-Length 0", "PUT /z HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
         [Parsed(method: "PUT", target: "/z", body: [], keepAlive: true)]),
        ("header whitespace and case", "GET / HTTP/1.1\r\nhOsT:   a  \r\ncontent-LENGTH:\t3\r\n\r\nabc",
         [Parsed(method: "GET", target: "/", body: Array("abc".utf8), keepAlive: true)]),
    ]

    @Test("valid requests parse whole and split at every byte offset", arguments: 0..<valid.count)
    func validAtEveryOffset(index: Int) throws {
        let (name, text, expected) = Self.valid[index]
        let bytes = Array(text.utf8)
        #expect(try ParseHarness.parse(bytes) == expected, "\(name): whole")
        for cut in 0...bytes.count {
            #expect(try ParseHarness.parse(bytes, splits: [cut]) == expected, "\(name): split at \(cut)")
        }
        // And byte by byte, the worst trickle.
        #expect(try ParseHarness.parse(bytes, splits: Array(0...bytes.count)) == expected, "\(name): byte by byte")
    }

    static let malformed: [(String, String, HTTPServerError)] = [
        ("CL and TE together", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", .badRequest),
        ("duplicate CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", .badRequest),
        ("CL list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc", .badRequest),
        ("CL not a number", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", .badRequest),
        ("CL negative", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", .badRequest),
        ("CL plus sign", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\nx", .badRequest),
        ("CL overflow", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", .badRequest),
        ("missing Host", "GET / HTTP/1.1\r\n\r\n", .badRequest),
        ("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .badRequest),
        ("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", .badRequest),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n  2\r\n\r\n", .badRequest),
        ("bare LF", "GET / HTTP/1.1\nHost: a\r\n\r\n", .badRequest),
        ("bad method", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", .badRequest),
        ("no target", "GET HTTP/1.1\r\nHost: a\r\n\r\n", .badRequest),
        ("absolute-form target", "GET http://x/ HTTP/1.1\r\nHost: a\r\n\r\n", .badRequest),
        ("control byte in value", "GET / HTTP/1.1\r\nHost: a\u{01}b\r\n\r\n", .badRequest),
        ("garbage version", "GET / HTTX/1.1\r\nHost: a\r\n\r\n", .badRequest),
        ("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", .versionNotSupported),
        ("TE gzip", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", .notImplemented),
        ("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", .badRequest),
        ("Expect other", "POST / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\nContent-Length: 1\r\n\r\nx", .expectationFailed),
        ("bad chunk size", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .badRequest),
        ("chunk without CRLF", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n", .badRequest),
        ("chunk size overflow", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n", .badRequest),
        ("bad trailer", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnocolon\r\n\r\n", .badRequest),
        ("target too long", "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", .uriTooLong),
        ("target too long, incomplete", "GET /" + String(repeating: "a", count: 9000), .uriTooLong),
        ("headers too large", "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "b", count: 17000) + "\r\n\r\n", .headerFieldsTooLarge),
        ("headers too large, incomplete", "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "b", count: 17000), .headerFieldsTooLarge),
        ("too many headers", "GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X: 1\r\n", count: 100) + "\r\n", .headerFieldsTooLarge),
    ]

    @Test("malformed requests fail with the right error", arguments: 0..<malformed.count)
    func malformedRequest(index: Int) {
        let (name, text, expected) = Self.malformed[index]
        #expect(ParseHarness.failure(text) == expected, "\(name)")
    }

    @Test func chunkedBodyOverLimitIs413() {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 8
        let text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"
        #expect(ParseHarness.failure(text, limits: limits) == .contentTooLarge)
        limits.maxBodyBytes = 10
        #expect(ParseHarness.failure(text, limits: limits) == nil)
    }

    @Test func headFieldsAreExposed() throws {
        var harness = ParseHarness()
        try harness.feed(Array("POST /x/y?q=a%20b HTTP/1.1\r\nHost: h\r\nX-Request-ID: abc-1\r\nAccept-Encoding: br, gzip;q=0.5\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        let head = try #require(harness.head)
        #expect(head.path == "/x/y")
        #expect(head.query == "q=a%20b")
        #expect(head.requestID == "abc-1")
        #expect(head.acceptsGzip)
        #expect(head.expectsContinue)
        #expect(head.framing == .length(2))
        #expect(head.headers["host"] == "h")
        let request = HTTPRequest(head: head)
        #expect(request.queryParameters == ["q": "a b"])
    }

    @Test func slowHeadScanIsResumable() throws {
        // A head delivered byte by byte must not be rescanned from the start each time: `scanned` only grows.
        var parser = HTTPParser()
        let bytes = Array("GET / HTTP/1.1\r\nHost: a\r\n".utf8)
        var last = 0
        for n in 1...bytes.count {
            let (event, consumed) = try bytes[0..<n].withUnsafeBufferPointer { (p) throws(HTTPParseError) in try parser.parse(p) }
            guard case .needMore = event else { Issue.record("unexpected event"); return }
            #expect(consumed == 0)
            #expect(parser.scanned >= last)
            last = parser.scanned
        }
    }
}
