extension HTTPParser {
    /// Chunked body (RFC 9112 §7.1): size lines with optional extensions (ignored), data, CRLF, last chunk, trailers.
    /// Trailer fields are validated for size and discarded: nothing downstream may depend on them.
    mutating func parseChunked(_ input: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (event: Event, consumed: Int) {
        var pos = 0
        while true {
            switch state {
            case .chunkSize:
                guard let end = try chunkLineEnd(input, from: pos) else { return (.needMore, pos) }
                let size = try Self.parseChunkSize(UnsafeBufferPointer(rebasing: input[pos..<end]))
                pos = end + 2
                if size == 0 {
                    state = .trailers(bytes: 0)
                } else {
                    if size > bodyLimit - body.count {
                        throw HTTPParseError(.contentTooLarge, "The request body is larger than \(bodyLimit) bytes.")
                    }
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let take = min(remaining, input.count - pos)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: input[pos..<(pos + take)]))
                pos += take
                if take < remaining {
                    state = .chunkData(remaining: remaining - take)
                    return (.needMore, pos)
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                guard input.count - pos >= 2 else { return (.needMore, pos) }
                guard input[pos] == Self.cr, input[pos + 1] == Self.lf else {
                    throw HTTPParseError(.badRequest, "Chunk data is not followed by CRLF.")
                }
                pos += 2
                state = .chunkSize
            case .trailers(let bytes):
                guard let end = try chunkLineEnd(input, from: pos, limit: limits.maxHeaderBytes - bytes) else {
                    return (.needMore, pos)
                }
                let line = UnsafeBufferPointer(rebasing: input[pos..<end])
                pos = end + 2
                if line.isEmpty { return (finishBody(), pos) }
                guard let colon = line.firstIndex(of: Self.colon), colon > 0,
                      line[0..<colon].allSatisfy(Token.isTokenChar) else {
                    throw HTTPParseError(.badRequest, "Malformed trailer field.")
                }
                state = .trailers(bytes: bytes + line.count + 2)
            case .head, .fixedBody:
                preconditionFailure("parseChunked called outside a chunked body")
            }
        }
    }

    /// Index of the CR ending the line at `from`, nil if not all here yet; errors on bare LF or an overlong line.
    func chunkLineEnd(_ input: UnsafeBufferPointer<UInt8>, from: Int, limit: Int? = nil) throws(HTTPParseError) -> Int? {
        let maxLine = limit ?? limits.maxChunkLineBytes
        var i = from
        while i < input.count {
            if input[i] == Self.lf { throw HTTPParseError(.badRequest, "Bare LF in chunked framing.") }
            if input[i] == Self.cr {
                guard i + 1 < input.count else { return nil }
                guard input[i + 1] == Self.lf else { throw HTTPParseError(.badRequest, "Bare CR in chunked framing.") }
                return i
            }
            if i - from >= maxLine { throw HTTPParseError(.badRequest, "Chunk line or trailer section too long.") }
            i += 1
        }
        if i - from > maxLine { throw HTTPParseError(.badRequest, "Chunk line or trailer section too long.") }
        return nil
    }

    /// `chunk-size [ BWS ; chunk-ext ]`: hex digits, at most 15 of them so the value cannot overflow.
    static func parseChunkSize(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Int {
        var size = 0, digits = 0, i = 0
        while i < line.count, let d = PercentDecoding.hexValue(line[i]) {
            size = size << 4 | Int(d)
            digits += 1
            i += 1
            if digits > 15 { throw HTTPParseError(.badRequest, "Chunk size too large.") }
        }
        guard digits > 0 else { throw HTTPParseError(.badRequest, "Invalid chunk size.") }
        while i < line.count, line[i] == sp || line[i] == ht { i += 1 }
        guard i == line.count || line[i] == UInt8(ascii: ";") else { throw HTTPParseError(.badRequest, "Invalid chunk size.") }
        return size
    }
}
