/// Turns unfiltered PNG rows (any colour type, any bit depth) into 8-bit RGB, compositing transparency
/// onto white, and places each pixel where its Adam7 pass says.
struct PNGPixelConverter {
    let header: PNGHeader
    /// Palette as RGBA (alpha from `tRNS`, else opaque).
    private var paletteRGBA: [UInt8] = []
    /// The `tRNS` colour key for grey / RGB images, in sample units (16-bit if the depth is 16).
    private var key: (Int, Int, Int)?

    init(header: PNGHeader, palette: [UInt8], transparency: [UInt8]?) throws {
        self.header = header
        switch header.colorType {
        case 3:
            let n = palette.count / 3
            if let t = transparency, t.count > n { throw ImageDecodingError.corrupt("PNG: tRNS longer than PLTE") }
            let alpha = transparency ?? []
            paletteRGBA.reserveCapacity(4 * n)
            for i in 0..<n {
                paletteRGBA += [palette[3 * i], palette[3 * i + 1], palette[3 * i + 2]]
                paletteRGBA.append(i < alpha.count ? alpha[i] : 255)
            }
        case 0:
            if let t = transparency, t.count >= 2 { let g = Int(t[0]) << 8 | Int(t[1]); key = (g, g, g) }
        case 2:
            if let t = transparency, t.count >= 6 {
                key = (Int(t[0]) << 8 | Int(t[1]), Int(t[2]) << 8 | Int(t[3]), Int(t[4]) << 8 | Int(t[5]))
            }
        default:
            break  // types 4 and 6 carry alpha per pixel; a tRNS there is invalid and ignored
        }
    }

    /// Converts the rows of one pass starting at `offset` (each prefixed by its filter byte) into `pixels`.
    func place(_ raw: [UInt8], offset: Int, pass: PNGHeader.Pass, rowBytes: Int, into pixels: inout [UInt8]) throws {
        var rgba = [UInt8](repeating: 0, count: pass.width * 4)
        let width = header.width
        for r in 0..<pass.height {
            try expandRow(raw, at: offset + r * (1 + rowBytes) + 1, count: pass.width, into: &rgba)
            let y = pass.yStart + r * pass.yStep
            pixels.withUnsafeMutableBufferPointer { out in
                rgba.withUnsafeBufferPointer { src in
                    for i in 0..<pass.width {
                        let o = (y * width + pass.xStart + i * pass.xStep) * 3
                        let a = Int(src[4 * i + 3])
                        if a == 255 {
                            out[o] = src[4 * i]; out[o + 1] = src[4 * i + 1]; out[o + 2] = src[4 * i + 2]
                        } else {
                            // Composite onto white: c * a + 255 * (1 - a), rounded.
                            let w = 255 * (255 - a) + 127
                            out[o] = UInt8((Int(src[4 * i]) * a + w) / 255)
                            out[o + 1] = UInt8((Int(src[4 * i + 1]) * a + w) / 255)
                            out[o + 2] = UInt8((Int(src[4 * i + 2]) * a + w) / 255)
                        }
                    }
                }
            }
        }
    }

    /// Expands `count` pixels starting at byte `at` into RGBA8.
    private func expandRow(_ raw: [UInt8], at start: Int, count: Int, into rgba: inout [UInt8]) throws {
        let depth = header.bitDepth
        var badIndex = false
        raw.withUnsafeBufferPointer { src in
            rgba.withUnsafeMutableBufferPointer { dst in
                let s = src.baseAddress! + start
                // Sample `k` of the row, in its own units (0 ..< 2^depth).
                @inline(__always) func sample(_ k: Int) -> Int {
                    switch depth {
                    case 8: return Int(s[k])
                    case 16: return Int(s[2 * k]) << 8 | Int(s[2 * k + 1])
                    default:
                        let bit = k * depth
                        let shift = 8 - depth - (bit & 7)
                        return Int(s[bit >> 3] >> UInt8(shift)) & ((1 << depth) - 1)
                    }
                }
                if depth == 8, key == nil, header.colorType != 3 {
                    expand8(s, count: count, into: dst)
                    return
                }
                let maxValue = (1 << depth) - 1
                @inline(__always) func to8(_ v: Int) -> UInt8 { UInt8((v * 255 + maxValue / 2) / maxValue) }
                for i in 0..<count {
                    let d = 4 * i
                    switch header.colorType {
                    case 0:
                        let g = sample(i)
                        dst[d] = to8(g); dst[d + 1] = dst[d]; dst[d + 2] = dst[d]
                        dst[d + 3] = key.map { $0.0 == g } == true ? 0 : 255
                    case 2:
                        let r = sample(3 * i), g = sample(3 * i + 1), b = sample(3 * i + 2)
                        dst[d] = to8(r); dst[d + 1] = to8(g); dst[d + 2] = to8(b)
                        dst[d + 3] = key.map { $0 == (r, g, b) } == true ? 0 : 255
                    case 3:
                        let p = sample(i)
                        guard 4 * p + 3 < paletteRGBA.count else { badIndex = true; return }
                        dst[d] = paletteRGBA[4 * p]; dst[d + 1] = paletteRGBA[4 * p + 1]
                        dst[d + 2] = paletteRGBA[4 * p + 2]; dst[d + 3] = paletteRGBA[4 * p + 3]
                    case 4:
                        dst[d] = to8(sample(2 * i)); dst[d + 1] = dst[d]; dst[d + 2] = dst[d]
                        dst[d + 3] = to8(sample(2 * i + 1))
                    default:
                        dst[d] = to8(sample(4 * i)); dst[d + 1] = to8(sample(4 * i + 1))
                        dst[d + 2] = to8(sample(4 * i + 2)); dst[d + 3] = to8(sample(4 * i + 3))
                    }
                }
            }
        }
        if badIndex { throw ImageDecodingError.corrupt("PNG: palette index out of range") }
    }

    /// The common case without a colour key: 8-bit grey, grey + alpha, RGB or RGBA, one tight loop each.
    @inline(__always)
    private func expand8(_ s: UnsafePointer<UInt8>, count: Int, into d: UnsafeMutableBufferPointer<UInt8>) {
        switch header.colorType {
        case 0:
            for i in 0..<count { d[4 * i] = s[i]; d[4 * i + 1] = s[i]; d[4 * i + 2] = s[i]; d[4 * i + 3] = 255 }
        case 2:
            for i in 0..<count {
                d[4 * i] = s[3 * i]; d[4 * i + 1] = s[3 * i + 1]; d[4 * i + 2] = s[3 * i + 2]; d[4 * i + 3] = 255
            }
        case 4:
            for i in 0..<count {
                d[4 * i] = s[2 * i]; d[4 * i + 1] = s[2 * i]; d[4 * i + 2] = s[2 * i]; d[4 * i + 3] = s[2 * i + 1]
            }
        default:
            UnsafeMutableRawPointer(d.baseAddress!).copyMemory(from: s, byteCount: 4 * count)
        }
    }
}
