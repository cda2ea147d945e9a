import FuzzSupport
import HTTPServer

/// Fuzzes `HTTPParser` the way `Connection.process` drives it: bytes appended to a buffer, `parse` until
/// `.needMore`, the consumed prefix dropped. Input layout: byte 0 picks the limits (bit 3) and the number of
/// cut points (bits 0-2); the next bytes place the cuts; the rest is the byte stream.
///
/// Checked: no crash or hang; the stream parses to the same requests and the same error whether it arrives
/// whole or in pieces; a head always precedes its body; no more requests than the bytes allow (16 bytes is the
/// smallest request); every parsed request, serialized again, parses to the same request.
enum HTTPParserTarget: FuzzTarget {
    struct Parsed: Equatable {
        var method: String, target: String, version: String
        var headers: [String]
        var framing: String, keepAlive: Bool, expectsContinue: Bool, acceptsGzip: Bool, requestID: String?
        var body: [UInt8]
    }

    struct Outcome: Equatable {
        var requests: [Parsed] = []
        var error: HTTPServerError?
    }

    static let smallLimits: HTTPLimits = {
        var l = HTTPLimits()
        l.maxTargetBytes = 64
        l.maxHeaderBytes = 256
        l.maxHeaderCount = 8
        l.maxBodyBytes = 512
        l.maxChunkLineBytes = 32
        return l
    }()

    static let roomyLimits: HTTPLimits = {
        var l = HTTPLimits()
        l.maxTargetBytes = 1 << 20
        l.maxHeaderBytes = 1 << 22
        l.maxHeaderCount = 1 << 16
        l.maxBodyBytes = 1 << 22
        return l
    }()

    static func run(_ input: [UInt8]) {
        guard let control = input.first else { return }
        let limits = control & 8 != 0 ? smallLimits : HTTPLimits()
        let cutCount = min(Int(control & 7), input.count - 1)
        let stream = Array(input[(1 + cutCount)...])
        let cuts = input[1..<(1 + cutCount)].map { Int($0) * stream.count / 256 }.sorted()

        let whole = parse(stream, cuts: [], limits: limits)
        let pieces = parse(stream, cuts: cuts, limits: limits)
        FuzzDriver.check(whole == pieces, "whole \(whole) but in pieces at \(cuts) \(pieces)")
        FuzzDriver.check(whole.requests.count * 16 <= stream.count, "\(whole.requests.count) requests from \(stream.count) bytes")
        for request in whole.requests {
            // Roomy limits: the re-serialized head can be longer (invalid UTF-8 in a value becomes U+FFFD).
            let again = parse(serialize(request), cuts: [], limits: roomyLimits)
            FuzzDriver.check(again.error == nil && again.requests == [request], "re-serialized \(request) parses as \(again)")
        }
    }

    /// Parses `stream` delivered in pieces ending at `cuts`, as a connection would, stopping at the first error.
    static func parse(_ stream: [UInt8], cuts: [Int], limits: HTTPLimits) -> Outcome {
        var parser = HTTPParser(limits: limits)
        var buffer: [UInt8] = []
        var outcome = Outcome()
        var head: HTTPRequestHead?
        var start = 0
        var steps = 0
        for cut in cuts + [stream.count] where cut >= start {
            buffer.append(contentsOf: stream[start..<cut])
            start = cut
            do {
                parsing: while true {
                    steps += 1
                    FuzzDriver.check(steps <= 4 * stream.count + 16, "parser loops without progress")
                    let (event, consumed) = try buffer.withUnsafeBufferPointer { (p) throws(HTTPParseError) in try parser.parse(p) }
                    FuzzDriver.check(consumed >= 0 && consumed <= buffer.count, "consumed \(consumed) of \(buffer.count)")
                    buffer.removeFirst(consumed)
                    switch event {
                    case .needMore:
                        break parsing
                    case .head(let h):
                        FuzzDriver.check(head == nil, "two heads without a body between them")
                        FuzzDriver.check(consumed > 0, "a head from zero bytes")
                        // Connection answers 413 from the head alone when the declared length is over the limit.
                        if case .length(let n) = h.framing, n > limits.maxBodyBytes {
                            outcome.error = .contentTooLarge
                            return outcome
                        }
                        head = h
                    case .body(let body):
                        guard let h = head else {
                            FuzzDriver.check(false, "a body without a head")
                            return outcome
                        }
                        FuzzDriver.check(body.count <= limits.maxBodyBytes, "body of \(body.count) bytes over the limit")
                        outcome.requests.append(summary(h, body))
                        head = nil
                    }
                }
            } catch {
                outcome.error = error.kind
                return outcome
            }
        }
        return outcome
    }

    static func summary(_ h: HTTPRequestHead, _ body: [UInt8]) -> Parsed {
        let framing: String
        switch h.framing {
        case .none: framing = "none"
        case .length(let n): framing = "length \(n)"
        case .chunked: framing = "chunked"
        }
        return Parsed(method: h.method.rawValue, target: h.target, version: h.version == .http1_1 ? "1.1" : "1.0",
                      headers: h.headers.map { "\($0.name): \($0.value)" }, framing: framing,
                      keepAlive: h.keepAlive, expectsContinue: h.expectsContinue, acceptsGzip: h.acceptsGzip,
                      requestID: h.requestID.map(String.init), body: body)
    }

    /// The request as bytes again: its own header lines, and its body in the framing the head declares.
    static func serialize(_ r: Parsed) -> [UInt8] {
        var text = "\(r.method) \(r.target) HTTP/\(r.version)\r\n"
        for line in r.headers { text += line + "\r\n" }
        text += "\r\n"
        var bytes = Array(text.utf8)
        if r.framing == "chunked" {
            if !r.body.isEmpty {
                bytes += Array((String(r.body.count, radix: 16) + "\r\n").utf8) + r.body + Array("\r\n".utf8)
            }
            bytes += Array("0\r\n\r\n".utf8)
        } else {
            bytes += r.body
        }
        return bytes
    }

    /// Seed inputs: byte 0 = 0 (default limits, no cuts) or 3 (three cuts), then the stream.
    static func seeds() -> [(name: String, bytes: [UInt8])] {
        let streams: [(String, String)] = [
            ("get", "GET /health HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip;q=0.5, *;q=0\r\n\r\n"),
            ("post-length", "POST /products HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"id\":\"p-1\"}\n"),
            ("post-chunked", "POST /search HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"
                + "4;ext=1\r\n{\"te\r\n6\r\nxt\":1}\r\n0\r\nTrailer-Field: x\r\n\r\n"),
            ("pipelined", "GET /products?limit=2&cursor=c61 HTTP/1.1\r\nHost: a\r\nX-Request-ID: abc-123\r\n\r\n"
                + "DELETE /products/p%2D1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                + "\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
            ("http10", "OPTIONS * HTTP/1.0\r\n\r\n"),
        ]
        var seeds: [(String, [UInt8])] = []
        for (name, text) in streams {
            seeds.append(("\(name)", [0] + Array(text.utf8)))
            seeds.append(("\(name)-cut", [3, 40, 128, 200] + Array(text.utf8)))
        }
        return seeds.map { (name: $0.0, bytes: $0.1) }
    }
}

// libFuzzer calls the entry point in a fuzz build; any other build gets the replay `main`.
#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput") public func fuzzHTTPParser(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt { HTTPParserTarget.fuzz(d, n) }
#else
@main enum Main: FuzzReplayMain { typealias Target = HTTPParserTarget }
#endif
