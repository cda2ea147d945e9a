import CZlib

/// A small PNG encoder for test fixtures: any colour type and bit depth, optional Adam7, every filter
/// type used in turn (so the decoder's five unfilters are all exercised), real zlib deflate, real CRCs.
struct PNGFixture {
    var width: Int
    var height: Int
    var colorType: Int
    var bitDepth: Int
    var interlaced = false
    var palette: [UInt8] = []
    var transparency: [UInt8]?
    /// Sample `c` of pixel (x, y), in sample units (0 ..< 2^bitDepth; palette index for type 3).
    var sample: (Int, Int, Int) -> Int

    static let signatureBytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    var channels: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType]! }

    /// The complete file.
    func encode() -> [UInt8] {
        var ihdr = be32(width) + be32(height)
        ihdr += [UInt8(bitDepth), UInt8(colorType), 0, 0, interlaced ? 1 : 0]
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        out += Self.chunk("IHDR", ihdr)
        if !palette.isEmpty { out += Self.chunk("PLTE", palette) }
        if let transparency { out += Self.chunk("tRNS", transparency) }
        out += Self.chunk("tEXt", Array("Comment\u{0}fixture".utf8))  // ancillary: must be skipped
        let z = Self.deflate(rawStream())
        // Split the data over two IDAT chunks, as streaming encoders do.
        let half = z.count / 2
        out += Self.chunk("IDAT", Array(z[..<half]))
        out += Self.chunk("IDAT", Array(z[half...]))
        out += Self.chunk("IEND", [])
        return out
    }

    /// Filtered scanlines of every pass, before compression.
    func rawStream() -> [UInt8] {
        let passes: [(Int, Int, Int, Int)] = interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)]
        var out: [UInt8] = []
        var rowNumber = 0
        for (xs, ys, dx, dy) in passes {
            let xsIn = Array(stride(from: xs, to: width, by: dx)), ysIn = Array(stride(from: ys, to: height, by: dy))
            guard !xsIn.isEmpty else { continue }
            var prev = [UInt8](repeating: 0, count: rowBytes(xsIn.count))
            for y in ysIn {
                let row = pack(xsIn.map { x in (0..<channels).map { sample(x, y, $0) } })
                let filter = rowNumber % 5
                rowNumber += 1
                out.append(UInt8(filter))
                out += Self.filter(row, prev: prev, type: filter, bpp: max(1, channels * bitDepth / 8))
                prev = row
            }
        }
        return out
    }

    func rowBytes(_ n: Int) -> Int { (n * channels * bitDepth + 7) / 8 }

    private func pack(_ pixels: [[Int]]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: rowBytes(pixels.count))
        var bit = 0
        for px in pixels {
            for v in px {
                switch bitDepth {
                case 16: out[bit / 8] = UInt8(v >> 8); out[bit / 8 + 1] = UInt8(v & 0xFF)
                case 8: out[bit / 8] = UInt8(v)
                default: out[bit / 8] |= UInt8(v << (8 - bitDepth - bit % 8))
                }
                bit += bitDepth
            }
        }
        return out
    }

    static func filter(_ row: [UInt8], prev: [UInt8], type: Int, bpp: Int) -> [UInt8] {
        (0..<row.count).map { i in
            let a = i >= bpp ? Int(row[i - bpp]) : 0, b = Int(prev[i]), c = i >= bpp ? Int(prev[i - bpp]) : 0
            let predictor: Int
            switch type {
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = (a + b) / 2
            case 4:
                let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
            default: predictor = 0
            }
            return UInt8(truncatingIfNeeded: Int(row[i]) - predictor)
        }
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        let crc = body.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        return be32(data.count) + body + be32(Int(crc))
    }

    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: czlib_deflate_capacity(data.count))
        let written = czlib_deflate_once(data, data.count, &out, out.count, 6, 15)
        precondition(written >= 0, "zlib deflate failed")
        return Array(out[..<written])
    }
}

func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
