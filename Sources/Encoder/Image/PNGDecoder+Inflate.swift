import CZlib

extension PNGDecoder {
    /// Inflates the concatenated IDAT payload into exactly `expected` bytes.
    ///
    /// The output buffer has room for one byte more than the header implies: if zlib fills it, the stream
    /// is a bomb (or garbage) and we stop there, having spent at most `expected + 1` bytes of memory.
    static func inflate(_ input: [UInt8], expected: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expected + 1)
        var stream = z_stream()
        guard czlib_inflateInit2(&stream, 15) == Z_OK else { throw ImageDecodingError.corrupt("PNG: inflateInit failed") }
        defer { inflateEnd(&stream) }
        var status: Int32 = Z_OK
        var produced = 0
        input.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                stream.next_in = UnsafeMutablePointer(mutating: src.baseAddress)
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.baseAddress
                stream.avail_out = uInt(dst.count)
                // One call can stop early only when the output is full or the input is exhausted.
                repeat {
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                } while status == Z_OK && stream.avail_out > 0 && stream.avail_in > 0
                produced = dst.count - Int(stream.avail_out)
            }
        }
        if produced > expected { throw ImageDecodingError.sizeMismatch(expected: expected, actual: produced) }
        switch status {
        case Z_STREAM_END, Z_OK, Z_BUF_ERROR:
            // Z_OK / Z_BUF_ERROR here mean the stream stopped early (truncated); caught by the size check.
            guard produced == expected else {
                throw ImageDecodingError.sizeMismatch(expected: expected, actual: produced)
            }
        default:
            throw ImageDecodingError.corrupt("PNG: zlib stream is damaged (\(status))")
        }
        output.removeLast()
        return output
    }
}
