import Testing
@testable import Encoder
import VectorMath

/// Deterministic "random" sample values: a hash of position and channel, masked to the bit depth.
private func noise(_ x: Int, _ y: Int, _ c: Int, bits: Int) -> Int {
    var h = UInt64(x &* 73_856_093 ^ y &* 19_349_663 ^ (c + 1) &* 83_492_791)
    h = (h ^ (h >> 13)) &* 0x5bd1e995
    h ^= h >> 15
    return Int(h & ((1 << UInt64(bits)) - 1))
}

/// What the decoder must produce for `fixture`: samples scaled to 8 bits, transparency composited on white.
private func expectedRGB(_ f: PNGFixture) -> [UInt8] {
    let maxV = (1 << f.bitDepth) - 1
    func to8(_ v: Int) -> Int { (v * 255 + maxV / 2) / maxV }
    func over(_ c: Int, _ a: Int) -> UInt8 { UInt8((c * a + 255 * (255 - a) + 127) / 255) }
    var out: [UInt8] = []
    for y in 0..<f.height {
        for x in 0..<f.width {
            let s = (0..<f.channels).map { f.sample(x, y, $0) }
            var rgb: [Int], a = 255
            switch f.colorType {
            case 0:
                rgb = [to8(s[0]), to8(s[0]), to8(s[0])]
                if let t = f.transparency, Int(t[0]) << 8 | Int(t[1]) == s[0] { a = 0 }
            case 2:
                rgb = s.map(to8)
                if let t = f.transparency, s == [0, 2, 4].map({ Int(t[$0]) << 8 | Int(t[$0 + 1]) }) { a = 0 }
            case 3:
                rgb = (0..<3).map { Int(f.palette[3 * s[0] + $0]) }
                if let t = f.transparency, s[0] < t.count { a = Int(t[s[0]]) }
            case 4:
                rgb = [to8(s[0]), to8(s[0]), to8(s[0])]; a = to8(s[1])
            default:
                rgb = s[0..<3].map(to8); a = to8(s[3])
            }
            out += rgb.map { over($0, a) }
        }
    }
    return out
}

private func fixture(colorType: Int, depth: Int, interlaced: Bool, width: Int = 13, height: Int = 11) -> PNGFixture {
    var f = PNGFixture(width: width, height: height, colorType: colorType, bitDepth: depth, interlaced: interlaced,
                       sample: { x, y, c in noise(x, y, c, bits: depth) })
    if colorType == 3 {
        let n = min(1 << depth, 7)
        f.palette = (0..<(3 * n)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        f.transparency = Array([255, 0, 128].prefix(n - 1))  // shorter than PLTE: the rest stay opaque
        f.sample = { x, y, _ in noise(x, y, 0, bits: 8) % n }
    }
    if colorType == 0 { f.transparency = be32(noise(1, 1, 0, bits: depth)).suffix(2) .map { $0 } }
    if colorType == 2 {
        f.transparency = (0..<3).flatMap { c in be32(noise(2, 3, c, bits: depth)).suffix(2) }
    }
    return f
}

private let allTypes: [(Int, Int)] = [(0, 1), (0, 2), (0, 4), (0, 8), (0, 16), (2, 8), (2, 16),
                                      (3, 1), (3, 2), (3, 4), (3, 8), (4, 8), (4, 16), (6, 8), (6, 16)]

@Suite("PNG decoder")
struct PNGDecoderTests {
    @Test("every colour type and bit depth, plain and Adam7", arguments: allTypes, [false, true])
    func decodesAllFormats(type: (Int, Int), interlaced: Bool) throws {
        let f = fixture(colorType: type.0, depth: type.1, interlaced: interlaced)
        let image = try ImageDecoder().decode(f.encode())
        #expect(image.width == 13 && image.height == 11)
        #expect(image.pixels == expectedRGB(f))
    }

    @Test("tiny interlaced images with empty Adam7 passes", arguments: [(1, 1), (2, 1), (1, 5), (3, 2), (9, 9)])
    func tinyInterlaced(size: (Int, Int)) throws {
        let f = fixture(colorType: 6, depth: 8, interlaced: true, width: size.0, height: size.1)
        #expect(try ImageDecoder().decode(f.encode()).pixels == expectedRGB(f))
    }

    @Test("a chunk with a wrong CRC is rejected")
    func crcMismatch() {
        var bytes = fixture(colorType: 2, depth: 8, interlaced: false).encode()
        bytes[40] ^= 0x01  // inside PLTE/tEXt/IDAT region
        #expect(throws: ImageDecodingError.self) { try ImageDecoder().decode(bytes) }
    }

    @Test("every truncation of a valid file is rejected without crashing")
    func truncations() {
        let bytes = fixture(colorType: 6, depth: 16, interlaced: true).encode()
        for n in 0..<bytes.count {
            #expect(throws: ImageDecodingError.self) { try ImageDecoder().decode(Array(bytes[..<n])) }
        }
    }

    @Test("random byte flips never crash the decoder")
    func fuzzFlips() {
        let bytes = fixture(colorType: 3, depth: 4, interlaced: true).encode()
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2000 {
            var b = bytes
            for _ in 0..<Int(rng.next() % 4 + 1) { b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            _ = try? ImageDecoder().decode(b)
        }
    }
}
