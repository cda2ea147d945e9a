import CZlib

/// Response compression: `Accept-Encoding` negotiation and gzip via zlib.
public enum ContentCoding {
    /// True when `Accept-Encoding` allows gzip (listed, or `*`, with a non-zero q-value).
    public static func acceptsGzip(_ header: String) -> Bool {
        var gzip: Bool?, star: Bool?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";")
            guard let name = parts.first?.trimmingSpaces.lowercased() else { continue }
            var allowed = true
            for param in parts.dropFirst() {
                let p = param.trimmingSpaces
                if p.hasPrefix("q=") || p.hasPrefix("Q=") {
                    allowed = (Double(p.dropFirst(2)) ?? 1) > 0
                }
            }
            if name == "gzip" || name == "x-gzip" { gzip = allowed } else if name == "*" { star = allowed }
        }
        return gzip ?? star ?? false
    }

    /// True for media types worth compressing (text and JSON-like); images and archives are already compressed.
    public static func isCompressible(contentType: String?) -> Bool {
        guard let type = contentType?.lowercased() else { return false }
        return type.hasPrefix("text/") || type.contains("json") || type.contains("xml") || type.contains("yaml")
            || type.contains("javascript")
    }

    /// Compresses `input` into the gzip format (RFC 1952); nil if zlib fails.
    public static func gzip(_ input: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: czlib_deflate_capacity(input.count))
        // windowBits 15 + 16 asks zlib for a gzip wrapper instead of a zlib one.
        let written = czlib_deflate_once(input, input.count, &output, output.count, level, 15 + 16)
        return written < 0 ? nil : Array(output[..<written])
    }

    /// Decompresses a gzip stream (tests and clients); nil on corrupt input or output above `limit`.
    public static func gunzip(_ input: [UInt8], limit: Int = 64 << 20) -> [UInt8]? {
        var stream = z_stream()
        guard czlib_inflateInit2(&stream, 15 + 16) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var input = input
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        return input.withUnsafeMutableBufferPointer { inp -> [UInt8]? in
            stream.next_in = inp.baseAddress
            stream.avail_in = UInt32(inp.count)
            while true {
                let (rc, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let rc = inflate(&stream, Z_NO_FLUSH)
                    return (rc, out.count - Int(stream.avail_out))
                }
                result.append(contentsOf: chunk[0..<produced])
                if result.count > limit { return nil }
                if rc == Z_STREAM_END { return result }
                if rc != Z_OK { return nil }
            }
        }
    }
}
