/// Parses one complete request head (request line + fields, without the final blank line) per RFC 9112 §3 and §5.
struct HeadParser {
    let input: UnsafeBufferPointer<UInt8>
    let limits: HTTPLimits

    /// Connection-relevant facts collected while scanning fields.
    private struct Framing {
        var contentLength: Int?
        var contentLengthSeen = false
        var transferEncoding: [UInt8]?
        var hostCount = 0
        var connectionClose = false
        var connectionKeepAlive = false
        var expect: [UInt8]?
        var requestID: Substring?
        var acceptsGzip = false
    }

    func parse() throws(HTTPParseError) -> HTTPRequestHead {
        let lineEnd = try lineEnd(from: 0)
        let (method, target, version) = try parseRequestLine(UnsafeBufferPointer(rebasing: input[0..<lineEnd]))
        var headers = HTTPHeaders()
        var facts = Framing()
        var position = lineEnd + 2
        while position < input.count {
            let end = try self.lineEnd(from: position)
            let line = UnsafeBufferPointer(rebasing: input[position..<end])
            if headers.count >= limits.maxHeaderCount {
                throw HTTPParseError(.headerFieldsTooLarge, "More than \(limits.maxHeaderCount) header fields.")
            }
            let (name, value) = try parseField(line)
            try note(name: name, value: value, into: &facts)
            headers.add(name, value)
            position = end + 2
        }
        return try makeHead(method: method, target: target, version: version, headers: headers, facts: facts)
    }

    /// End of the line starting at `from` (index of its CR); a bare CR or LF inside a line is an error.
    private func lineEnd(from: Int) throws(HTTPParseError) -> Int {
        var i = from
        while i < input.count {
            let c = input[i]
            if c == HTTPParser.cr {
                guard i + 1 < input.count, input[i + 1] == HTTPParser.lf else {
                    throw HTTPParseError(.badRequest, "Bare CR in the request head.")
                }
                return i
            }
            if c == HTTPParser.lf { throw HTTPParseError(.badRequest, "Bare LF in the request head; lines end with CRLF.") }
            i += 1
        }
        return input.count
    }

    private func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (HTTPMethod, String, HTTPVersion) {
        guard let sp1 = line.firstIndex(of: HTTPParser.sp), sp1 > 0 else {
            throw HTTPParseError(.badRequest, "Malformed request line.")
        }
        let methodBytes = UnsafeBufferPointer(rebasing: line[0..<sp1])
        guard methodBytes.allSatisfy(Token.isTokenChar) else { throw HTTPParseError(.badRequest, "Invalid method.") }
        guard let sp2 = line[(sp1 + 1)...].firstIndex(of: HTTPParser.sp) else {
            throw HTTPParseError(.badRequest, "Malformed request line.")
        }
        let targetBytes = UnsafeBufferPointer(rebasing: line[(sp1 + 1)..<sp2])
        if targetBytes.count > limits.maxTargetBytes {
            throw HTTPParseError(.uriTooLong, "The request target is longer than \(limits.maxTargetBytes) bytes.")
        }
        // Origin form only (plus "*" for OPTIONS); no spaces or control bytes may hide in the target.
        guard let first = targetBytes.first, first == UInt8(ascii: "/") || (targetBytes.count == 1 && first == UInt8(ascii: "*")),
              targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw HTTPParseError(.badRequest, "Invalid request target.")
        }
        let versionBytes = UnsafeBufferPointer(rebasing: line[(sp2 + 1)...])
        let version = try parseVersion(versionBytes)
        return (HTTPMethod.intern(methodBytes), String(decoding: targetBytes, as: UTF8.self), version)
    }

    private func parseVersion(_ v: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        let prefix: [UInt8] = Array("HTTP/".utf8)
        guard v.count == 8, v.starts(with: prefix), v[6] == UInt8(ascii: "."),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(v[5]),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(v[7]) else {
            throw HTTPParseError(.badRequest, "Malformed HTTP version.")
        }
        guard v[5] == UInt8(ascii: "1"), v[7] <= UInt8(ascii: "1") else {
            throw HTTPParseError(.versionNotSupported, "Only HTTP/1.0 and HTTP/1.1 are supported.")
        }
        return v[7] == UInt8(ascii: "1") ? .http1_1 : .http1_0
    }

    private func parseField(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (String, String) {
        if let first = line.first, first == HTTPParser.sp || first == HTTPParser.ht {
            throw HTTPParseError(.badRequest, "Obsolete line folding is not accepted.")
        }
        guard let colon = line.firstIndex(of: HTTPParser.colon), colon > 0 else {
            throw HTTPParseError(.badRequest, "Malformed header field.")
        }
        // RFC 9112 §5.1: no whitespace between name and colon (a request-smuggling vector), so the token check covers it.
        guard line[0..<colon].allSatisfy(Token.isTokenChar) else {
            throw HTTPParseError(.badRequest, "Invalid header field name.")
        }
        var lo = colon + 1, hi = line.count
        while lo < hi, line[lo] == HTTPParser.sp || line[lo] == HTTPParser.ht { lo += 1 }
        while hi > lo, line[hi - 1] == HTTPParser.sp || line[hi - 1] == HTTPParser.ht { hi -= 1 }
        guard line[lo..<hi].allSatisfy({ $0 >= 0x20 || $0 == HTTPParser.ht }), !line[lo..<hi].contains(0x7F) else {
            throw HTTPParseError(.badRequest, "Invalid byte in a header field value.")
        }
        return (String(decoding: UnsafeBufferPointer(rebasing: line[0..<colon]), as: UTF8.self),
                String(decoding: UnsafeBufferPointer(rebasing: line[lo..<hi]), as: UTF8.self))
    }

    private func note(name: String, value: String, into facts: inout Framing) throws(HTTPParseError) {
        switch name.utf8.count {
        case 4 where HTTPHeaders.equalsIgnoringCase(name, "host"):
            facts.hostCount += 1
        case 6 where HTTPHeaders.equalsIgnoringCase(name, "expect"):
            facts.expect = Array(value.utf8)
        case 10 where HTTPHeaders.equalsIgnoringCase(name, "connection"):
            for token in value.split(separator: ",") {
                let t = token.trimmingSpaces
                if HTTPHeaders.equalsIgnoringCase(t, "close") { facts.connectionClose = true }
                if HTTPHeaders.equalsIgnoringCase(t, "keep-alive") { facts.connectionKeepAlive = true }
            }
        case 12 where HTTPHeaders.equalsIgnoringCase(name, "x-request-id"):
            if RequestID.isAcceptable(value) { facts.requestID = value[...] }
        case 14 where HTTPHeaders.equalsIgnoringCase(name, "content-length"):
            // Duplicates (even equal ones) and lists are refused: disagreeing parsers are how smuggling starts.
            if facts.contentLengthSeen { throw HTTPParseError(.badRequest, "Duplicate Content-Length.") }
            facts.contentLengthSeen = true
            guard let n = Self.parseLength(value) else { throw HTTPParseError(.badRequest, "Invalid Content-Length.") }
            facts.contentLength = n
        case 15 where HTTPHeaders.equalsIgnoringCase(name, "accept-encoding"):
            facts.acceptsGzip = ContentCoding.acceptsGzip(value)
        case 17 where HTTPHeaders.equalsIgnoringCase(name, "transfer-encoding"):
            if facts.transferEncoding != nil { throw HTTPParseError(.badRequest, "Duplicate Transfer-Encoding.") }
            facts.transferEncoding = Array(value.utf8)
        default:
            break
        }
    }

    private func makeHead(
        method: HTTPMethod, target: String, version: HTTPVersion, headers: HTTPHeaders, facts: Framing
    ) throws(HTTPParseError) -> HTTPRequestHead {
        if version == .http1_1 && facts.hostCount != 1 {
            throw HTTPParseError(.badRequest, facts.hostCount == 0 ? "Missing Host header." : "Duplicate Host header.")
        }
        var framing = BodyFraming.none
        if let te = facts.transferEncoding {
            if facts.contentLengthSeen {
                throw HTTPParseError(.badRequest, "Both Transfer-Encoding and Content-Length are present.")
            }
            if version == .http1_0 { throw HTTPParseError(.badRequest, "Transfer-Encoding is not allowed in HTTP/1.0.") }
            guard HTTPHeaders.equalsIgnoringCase(String(decoding: te, as: UTF8.self), "chunked") else {
                throw HTTPParseError(.notImplemented, "Only 'Transfer-Encoding: chunked' is supported.")
            }
            framing = .chunked
        } else if let n = facts.contentLength, n > 0 {
            framing = .length(n)
        }
        var expectsContinue = false
        if let expect = facts.expect {
            guard HTTPHeaders.equalsIgnoringCase(String(decoding: expect, as: UTF8.self), "100-continue") else {
                throw HTTPParseError(.expectationFailed, "Only 'Expect: 100-continue' is supported.")
            }
            expectsContinue = version == .http1_1
        }
        let keepAlive = version == .http1_1 ? !facts.connectionClose : (facts.connectionKeepAlive && !facts.connectionClose)
        return HTTPRequestHead(
            method: method, target: target, version: version, headers: headers, framing: framing,
            keepAlive: keepAlive, expectsContinue: expectsContinue, requestID: facts.requestID,
            acceptsGzip: facts.acceptsGzip)
    }

    /// 1*DIGIT with no sign, no spaces inside, and no overflow.
    static func parseLength(_ value: String) -> Int? {
        guard !value.isEmpty, value.utf8.count <= 18, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(value)
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
