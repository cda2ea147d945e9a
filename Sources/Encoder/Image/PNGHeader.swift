/// The IHDR chunk of a PNG and the geometry it implies (sample layout, Adam7 passes, inflated size).
struct PNGHeader: Sendable, Equatable {
    let width: Int
    let height: Int
    let bitDepth: Int
    /// 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA.
    let colorType: Int
    let interlaced: Bool

    /// One Adam7 pass (or the whole image when not interlaced): where its pixels sit in the full image.
    struct Pass: Sendable, Equatable {
        let xStart: Int, yStart: Int, xStep: Int, yStep: Int
        let width: Int, height: Int
    }

    /// Parses and validates the 13-byte IHDR payload.
    init(_ d: ArraySlice<UInt8>) throws {
        guard d.count == 13 else { throw ImageDecodingError.corrupt("PNG: IHDR is \(d.count) bytes, not 13") }
        let b = Array(d)
        func be32(_ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
        width = be32(0)
        height = be32(4)
        bitDepth = Int(b[8])
        colorType = Int(b[9])
        let allowed: [Int: [Int]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard let depths = allowed[colorType], depths.contains(bitDepth) else {
            throw ImageDecodingError.corrupt("PNG: colour type \(colorType) with bit depth \(bitDepth) is invalid")
        }
        guard b[10] == 0, b[11] == 0, b[12] <= 1 else {
            throw ImageDecodingError.corrupt("PNG: unknown compression, filter or interlace method")
        }
        interlaced = b[12] == 1
        // The spec caps dimensions at 2^31 - 1; limits are checked separately by the caller.
        guard width > 0, height > 0, width < 1 << 31, height < 1 << 31 else {
            throw ImageDecodingError.corrupt("PNG: zero or negative dimensions")
        }
    }

    /// Samples per pixel.
    var channels: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType]! }
    /// Bits per pixel.
    var bitsPerPixel: Int { channels * bitDepth }
    /// The byte distance the filters look back ("bpp" in the spec): at least 1.
    var filterStride: Int { max(1, bitsPerPixel / 8) }
    /// Bytes of one unfiltered row of `pixels` pixels (without the filter-type byte).
    func rowBytes(_ pixels: Int) -> Int { (pixels * bitsPerPixel + 7) / 8 }

    /// The passes in stream order; empty passes (possible in tiny interlaced images) are dropped.
    var passes: [Pass] {
        guard interlaced else {
            return [Pass(xStart: 0, yStart: 0, xStep: 1, yStep: 1, width: width, height: height)]
        }
        let adam7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        return adam7.compactMap { xs, ys, dx, dy in
            let w = width > xs ? (width - xs + dx - 1) / dx : 0
            let h = height > ys ? (height - ys + dy - 1) / dy : 0
            return w > 0 && h > 0 ? Pass(xStart: xs, yStart: ys, xStep: dx, yStep: dy, width: w, height: h) : nil
        }
    }

    /// Exact size of the inflated IDAT stream: each row of each pass is one filter byte plus its samples.
    /// Anything that inflates past this is a bomb or garbage, and is rejected without inflating further.
    var inflatedSize: Int { passes.reduce(0) { $0 + $1.height * (1 + rowBytes($1.width)) } }
}
