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
                        if bpp == 3 || bpp == 4, rowBytes % bpp == 0 {
                            paethRow(cur, prev, rowBytes: rowBytes, fourLanes: bpp == 4)
                        } else if rowBytes > bpp {
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

    /// Paeth for 3- and 4-byte pixels (8-bit RGB / RGBA, the common photo case) with the left and
    /// upper-left samples kept in registers: the generic loop re-reads the byte it has just stored,
    /// and that store-to-load round trip on the serial chain was the decoder's bottleneck.
    /// Expects the first pixel already reconstructed.
    @inline(__always)
    static func paethRow(_ cur: UnsafeMutablePointer<UInt8>, _ prev: UnsafeMutablePointer<UInt8>,
                         rowBytes: Int, fourLanes: Bool) {
        var a0 = Int(cur[0]), a1 = Int(cur[1]), a2 = Int(cur[2]), a3 = fourLanes ? Int(cur[3]) : 0
        var c0 = Int(prev[0]), c1 = Int(prev[1]), c2 = Int(prev[2]), c3 = fourLanes ? Int(prev[3]) : 0
        let step = fourLanes ? 4 : 3
        var i = step
        while i < rowBytes {
            let b0 = Int(prev[i]), b1 = Int(prev[i + 1]), b2 = Int(prev[i + 2])
            a0 = Int(cur[i] &+ paeth(a0, b0, c0))
            a1 = Int(cur[i + 1] &+ paeth(a1, b1, c1))
            a2 = Int(cur[i + 2] &+ paeth(a2, b2, c2))
            cur[i] = UInt8(a0); cur[i + 1] = UInt8(a1); cur[i + 2] = UInt8(a2)
            c0 = b0; c1 = b1; c2 = b2
            if fourLanes {
                let b3 = Int(prev[i + 3])
                a3 = Int(cur[i + 3] &+ paeth(a3, b3, c3))
                cur[i + 3] = UInt8(a3)
                c3 = b3
            }
            i += step
        }
    }

    /// The Paeth predictor: whichever of left, up, upper-left is closest to left + up - upper-left.
    @inline(__always)
    /// Written with one comparison per choice so it compiles to conditional moves: the data-dependent
    /// branches of the textbook form mispredict on photos and cost most of a PNG's decoding time.
    static func paeth(_ a: Int, _ b: Int, _ c: Int) -> UInt8 {
        let pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c)   // |p - a|, |p - b|, |p - c|
        let bc = pb <= pc ? b : c
        return UInt8(truncatingIfNeeded: pa <= min(pb, pc) ? a : bc)
    }
}
