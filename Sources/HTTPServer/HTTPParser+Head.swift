extension HTTPParser {
    static let cr: UInt8 = 13, lf: UInt8 = 10, sp: UInt8 = 32, ht: UInt8 = 9, colon: UInt8 = 58

    mutating func parseHead(_ input: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (event: Event, consumed: Int) {
        // RFC 9112 §2.2: ignore empty lines before the request line (some clients send CRLF after a POST body).
        var start = 0
        while start + 1 < input.count, input[start] == Self.cr, input[start + 1] == Self.lf { start += 2 }
        if start > 0 {
            scanned = 0
            let (event, consumed) = try parseHead(UnsafeBufferPointer(rebasing: input[start...]))
            return (event, consumed + start)
        }

        guard let end = findHeadEnd(input) else {
            try checkIncompleteHead(input)
            return (.needMore, 0)
        }
        // The same 414 rule as for an incomplete head, so the answer never depends on how the bytes were split.
        if requestLineTooLong(input) { throw uriTooLong }
        let headBytes = end + 4
        if headBytes > limits.maxHeaderBytes { try rejectOversizedHead(input, upTo: headBytes) }
        let head = try HeadParser(input: UnsafeBufferPointer(rebasing: input[0..<end]), limits: limits).parse()
        scanned = 0
        beginBody(head.framing)
        return (.head(head), headBytes)
    }

    /// Index of the `\r\n\r\n` ending the head, resuming where the previous call stopped.
    mutating func findHeadEnd(_ input: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = max(0, scanned - 3)
        let n = input.count
        while i + 3 < n {
            if input[i + 3] != Self.lf {
                // Skip ahead: the terminator cannot end before the next LF.
                i += input[i + 3] == Self.cr ? 1 : 4
                continue
            }
            if input[i] == Self.cr, input[i + 1] == Self.lf, input[i + 2] == Self.cr { return i }
            i += 1
        }
        scanned = n
        return nil
    }

    /// Rejects a head that is already too long although its end has not arrived, so nobody can fill memory slowly.
    func checkIncompleteHead(_ input: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        if input.count > limits.maxHeaderBytes { try rejectOversizedHead(input, upTo: input.count) }
        // Still on the request line and already longer than any permitted target: 414 early.
        if requestLineTooLong(input) { throw uriTooLong }
    }

    /// True when no LF ends the request line within `maxTargetBytes + 64` bytes. One rule for complete and
    /// incomplete heads: a long line once got 414 when it arrived in pieces but 400 (bad version) or even
    /// acceptance (a long method) when it arrived whole (found by scripts/fuzz http-parser).
    func requestLineTooLong(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        let lineLimit = limits.maxTargetBytes + 64
        return input.count > lineLimit && !input[0..<lineLimit].contains(Self.lf)
    }

    var uriTooLong: HTTPParseError {
        HTTPParseError(.uriTooLong, "The request target is longer than \(limits.maxTargetBytes) bytes.")
    }

    /// 414 when the request line alone is too long, otherwise 431.
    func rejectOversizedHead(_ input: UnsafeBufferPointer<UInt8>, upTo end: Int) throws(HTTPParseError) -> Never {
        if requestLineTooLong(UnsafeBufferPointer(rebasing: input[0..<end])) { throw uriTooLong }
        throw HTTPParseError(.headerFieldsTooLarge, "The header section is larger than \(limits.maxHeaderBytes) bytes.")
    }
}
