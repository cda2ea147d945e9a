extension PNGDecoder {
    /// Reverses the per-row filters of one pass, in place: row `r` starts at `offset + r * (1 + rowBytes)`
    /// with its filter-type byte. Each row is reconstructed from the already reconstructed row above it.
    static func unfilter(_ raw: inout [UInt8], offset: Int, rows: Int, rowBytes: Int, stride bpp: Int) throws {
        var badFilter: UInt8?
        raw.withUnsafeMutableBufferPointer { buf in
            let base = buf.baseAddress!
            for r in 0..<rows {
                let start = offset + r * (1 + rowBytes)
                let filter = base[start]
                let cur = base + start + 1
                // The row "above" the first row is all zeros; prev == nil stands for it.
                let prev: UnsafeMutablePointer<UInt8>? = r > 0 ? cur - (1 + rowBytes) : nil
                switch filter {
                case 0:
                    break
                case 1:
                    if rowBytes > bpp { for i in bpp..<rowBytes { cur[i] &+= cur[i - bpp] } }
                case 2:
                    if let prev { for i in 0..<rowBytes { cur[i] &+= prev[i] } }
                case 3:
                    if let prev {
                        for i in 0..<min(bpp, rowBytes) { cur[i] &+= prev[i] >> 1 }
                        if rowBytes > bpp {
                            for i in bpp..<rowBytes { cur[i] &+= UInt8((UInt16(cur[i - bpp]) + UInt16(prev[i])) >> 1) }
                        }
                    } else if rowBytes > bpp {
                        for i in bpp..<rowBytes { cur[i] &+= cur[i - bpp] >> 1 }
                    }
                case 4:
                    // With no row above, Paeth degenerates to "left" (Sub); in the first bpp bytes, to "up".
                    if let prev {
                        for i in 0..<min(bpp, rowBytes) { cur[i] &+= prev[i] }
                        if rowBytes > bpp {
                            for i in bpp..<rowBytes {
                                cur[i] &+= paeth(Int(cur[i - bpp]), Int(prev[i]), Int(prev[i - bpp]))
                            }
                        }
                    } else if rowBytes > bpp {
                        for i in bpp..<rowBytes { cur[i] &+= cur[i - bpp] }
                    }
                default:
                    badFilter = filter
                    return
                }
            }
        }
        if let badFilter { throw ImageDecodingError.corrupt("PNG: unknown filter type \(badFilter)") }
    }

    /// The Paeth predictor: whichever of left, up, upper-left is closest to left + up - upper-left.
    @inline(__always)
    static func paeth(_ a: Int, _ b: Int, _ c: Int) -> UInt8 {
        let p = a + b - c
        let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
        if pa <= pb && pa <= pc { return UInt8(a) }
        return pb <= pc ? UInt8(b) : UInt8(c)
    }
}
