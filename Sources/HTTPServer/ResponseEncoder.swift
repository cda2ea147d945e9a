#if canImport(Glibc)
import Glibc
#endif

/// Serialises responses straight into a connection's output buffer, adding the headers the server owns.
struct ResponseEncoder {
    let gzipMinBytes: Int
    let gzipLevel: Int32

    /// Appends `response` to `out`; returns the number of body bytes written (after compression).
    func encode(
        _ response: HTTPResponse, method: HTTPMethod?, acceptsGzip: Bool, version: HTTPVersion,
        requestID: String, keepAlive: Bool, date: [UInt8], into out: inout [UInt8]
    ) -> Int {
        var body = response.body
        let noBody = response.status.forbidsBody
        var gzipped = false
        if acceptsGzip, gzipMinBytes > 0, body.count >= gzipMinBytes, !noBody,
           ContentCoding.isCompressible(contentType: response.headers["Content-Type"]),
           !response.headers.contains("Content-Encoding"),
           let compressed = ContentCoding.gzip(body, level: gzipLevel), compressed.count < body.count {
            body = compressed
            gzipped = true
        }
        if let line = Self.statusLines[response.status.code] {
            out.append(contentsOf: line)
        } else {
            out.append(contentsOf: "HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n".utf8)
        }
        for (name, value) in response.headers where Self.mayPass(name, value) {
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: value.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        if gzipped { out.append(contentsOf: "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n".utf8) }
        if !noBody {
            out.append(contentsOf: "Content-Length: ".utf8)
            Self.appendDecimal(body.count, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: date)
        out.append(contentsOf: "X-Request-ID: ".utf8)
        out.append(contentsOf: requestID.utf8)
        if !keepAlive {
            out.append(contentsOf: "\r\nConnection: close\r\n\r\n".utf8)
        } else if version == .http1_0 {
            out.append(contentsOf: "\r\nConnection: keep-alive\r\n\r\n".utf8)
        } else {
            out.append(contentsOf: "\r\n\r\n".utf8)
        }
        if !noBody && method != .head { out.append(contentsOf: body) }
        return noBody || method == .head ? 0 : body.count
    }

    /// Decimal digits of a non-negative `value`, without a String in between.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        var v = UInt(max(0, value))
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { b in
            var i = 20
            repeat {
                i -= 1
                b[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            } while v > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i...]))
        }
    }

    /// Status lines of registered codes, encoded once.
    static let statusLines: [Int: [UInt8]] = Dictionary(uniqueKeysWithValues: HTTPStatus.reasons.map { code, reason in
        (code, Array("HTTP/1.1 \(code) \(reason)\r\n".utf8))
    })

    /// Header names the server writes itself, as bytes (compared case-insensitively).
    static let reservedNames: [[UInt8]] = ["Content-Length", "Connection", "Transfer-Encoding", "Date", "X-Request-ID"]
        .map { Array($0.utf8) }

    /// Drops headers the server writes itself and any value that could split the response (CR/LF injection).
    static func mayPass(_ name: String, _ value: String) -> Bool {
        // Native strings expose contiguous UTF-8: scan it with plain loops (this runs for every handler header).
        if let verdict = name.utf8.withContiguousStorageIfAvailable({ n in
            value.utf8.withContiguousStorageIfAvailable { v in mayPass(name: n, value: v) }
        }), let verdict {
            return verdict
        }
        return mayPassSlow(name, value)
    }

    private static func mayPassSlow(_ name: String, _ value: String) -> Bool {
        let n = Array(name.utf8), v = Array(value.utf8)
        return n.withUnsafeBufferPointer { n in v.withUnsafeBufferPointer { v in mayPass(name: n, value: v) } }
    }

    static func mayPass(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !name.isEmpty else { return false }
        for byte in name where !Token.isTokenChar(byte) { return false }
        for byte in value where byte == 13 || byte == 10 || byte == 0 { return false }
        // Cheap length filter first: only these lengths can be reserved names (4, 10, 12, 14, 17).
        switch name.count {
        case 4, 10, 12, 14, 17:
            reserved: for reserved in reservedNames where reserved.count == name.count {
                for i in 0..<name.count where name[i] | 0x20 != reserved[i] | 0x20 { continue reserved }
                return false
            }
            return true
        default:
            return true
        }
    }

    /// `"Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"` for `seconds` since the epoch (IMF-fixdate, RFC 9110 §5.6.7).
    static func dateLine(_ seconds: Int) -> [UInt8] {
        var t = time_t(seconds)
        var tm = Glibc.tm()
        gmtime_r(&t, &tm)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let s = "Date: \(days[Int(tm.tm_wday)]), \(two(tm.tm_mday)) \(months[Int(tm.tm_mon)]) \(tm.tm_year + 1900) "
            + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT\r\n"
        return Array(s.utf8)
    }
}
