import Testing
@testable import Encoder
import VectorMath

@Suite("Image decoding: JPEG, sniffing, limits, bombs")
struct ImageDecoderTests {
    let picture = JPEGFixture.gradient(width: 64, height: 48)

    @Test("baseline and progressive JPEG decode close to the original", arguments: [false, true])
    func jpegRoundTrip(progressive: Bool) throws {
        let bytes = JPEGFixture.encode(picture, quality: 95, progressive: progressive)
        #expect(ImageFormat.sniff(bytes) == .jpeg)
        let image = try ImageDecoder().decode(bytes)
        #expect(image.width == 64 && image.height == 48)
        #expect(JPEGFixture.meanAbsDiff(image, picture) < 3)
    }

    @Test("greyscale JPEG comes back as RGB with equal channels")
    func jpegGrey() throws {
        let image = try ImageDecoder().decode(JPEGFixture.encode(picture, grayscale: true))
        #expect(image.width == 64)
        let px = image.pixels
        let equal = stride(from: 0, to: px.count, by: 3).allSatisfy { (i: Int) -> Bool in
            px[i] == px[i + 1] && px[i + 1] == px[i + 2]
        }
        #expect(equal)
    }

    @Test("DCT scaling keeps the shorter side at least minSide")
    func jpegScaled() throws {
        let bytes = JPEGFixture.encode(picture)
        let image = try ImageDecoder().decode(bytes, minSide: 12)
        #expect(image.width == 16 && image.height == 12)
        let full = try ImageDecoder().decode(bytes, minSide: 100)
        #expect(full.width == 64)
    }

    @Test("truncated or damaged JPEG is rejected, never exit()")
    func jpegCorrupt() {
        let bytes = JPEGFixture.encode(picture)
        for n in [3, 20, bytes.count / 3, bytes.count / 2, bytes.count - 2] {
            #expect(throws: ImageDecodingError.self) { try ImageDecoder().decode(Array(bytes[..<n])) }
        }
        var rng = SplitMix64(seed: 7)
        for _ in 0..<300 {
            var b = bytes
            for _ in 0..<3 { b[3 + Int(rng.next() % UInt64(b.count - 3))] = UInt8(truncatingIfNeeded: rng.next()) }
            _ = try? ImageDecoder().decode(b)   // must return or throw; a crash or exit fails the run
        }
    }

    @Test("JPEG over the dimension limits is refused before decompression")
    func jpegTooLarge() {
        let bytes = JPEGFixture.encode(picture)
        #expect(throws: ImageDecodingError.tooLarge(width: 64, height: 48)) {
            try ImageDecoder(limits: ImageLimits(maxWidth: 32)).decode(bytes)
        }
        #expect(throws: ImageDecodingError.tooLarge(width: 64, height: 48)) {
            try ImageDecoder(limits: ImageLimits(maxPixels: 64 * 48 - 1)).decode(bytes)
        }
    }

    @Test("a progressive JPEG with hundreds of scans is refused (CPU bomb)")
    func jpegScanBomb() throws {
        let bomb = JPEGFixture.encode(picture, scanBomb: true)
        #expect(throws: ImageDecodingError.corrupt("JPEG: more than 256 scans")) { try ImageDecoder().decode(bomb) }
        // The ordinary progressive encoding of the same picture (about ten scans) decodes.
        #expect(try ImageDecoder().decode(JPEGFixture.encode(picture, progressive: true, grayscale: true)).width == 64)
    }

    @Test("anything but JPEG or PNG is unsupported", arguments: [
        [], Array("GIF89a....".utf8), [0x42, 0x4D, 0, 0, 0, 0], Array("<svg></svg>".utf8), [0xFF, 0xD8],
    ])
    func unsupported(bytes: [UInt8]) {
        #expect(throws: ImageDecodingError.unsupportedFormat) { try ImageDecoder().decode(bytes) }
    }

    @Test("encoded input over the byte limit is refused")
    func tooManyBytes() {
        let bytes = JPEGFixture.encode(picture)
        #expect(throws: ImageDecodingError.tooManyBytes(count: bytes.count, limit: 100)) {
            try ImageDecoder(limits: ImageLimits(maxEncodedBytes: 100)).decode(bytes)
        }
    }

    @Test("PNG bomb: IDAT inflating past what IHDR implies is stopped")
    func pngBomb() throws {
        // IHDR says 16x16 RGB (784 inflated bytes); the stream inflates to 8 MiB of zeros.
        var png = PNGFixture.signatureBytes + PNGFixture.chunk("IHDR", be32(16) + be32(16) + [8, 2, 0, 0, 0])
        png += PNGFixture.chunk("IDAT", PNGFixture.deflate([UInt8](repeating: 0, count: 8 << 20)))
        png += PNGFixture.chunk("IEND", [])
        #expect(png.count < 20_000)
        #expect(throws: ImageDecodingError.sizeMismatch(expected: 784, actual: 785)) { try ImageDecoder().decode(png) }
    }

    @Test("PNG with a huge IHDR is refused before inflating", arguments: [(100_000, 100_000), (8000, 8000), (1 << 30, 1)])
    func pngHugeHeader(size: (Int, Int)) {
        var png = PNGFixture.signatureBytes + PNGFixture.chunk("IHDR", be32(size.0) + be32(size.1) + [8, 6, 0, 0, 0])
        png += PNGFixture.chunk("IDAT", PNGFixture.deflate([0, 0, 0, 0, 0]))
        png += PNGFixture.chunk("IEND", [])
        #expect(throws: ImageDecodingError.tooLarge(width: size.0, height: size.1)) { try ImageDecoder().decode(png) }
    }

    @Test("PNG whose stream is shorter than IHDR implies is rejected")
    func pngShortStream() {
        var png = PNGFixture.signatureBytes + PNGFixture.chunk("IHDR", be32(16) + be32(16) + [8, 2, 0, 0, 0])
        png += PNGFixture.chunk("IDAT", PNGFixture.deflate([UInt8](repeating: 0, count: 500)))
        png += PNGFixture.chunk("IEND", [])
        #expect(throws: ImageDecodingError.sizeMismatch(expected: 784, actual: 500)) { try ImageDecoder().decode(png) }
    }

    @Test("PNG structural errors: unknown critical chunk, bad filter, missing PLTE")
    func pngStructure() {
        let ihdr = PNGFixture.chunk("IHDR", be32(2) + be32(2) + [8, 0, 0, 0, 0])
        let good = PNGFixture.deflate([0, 1, 2, 0, 3, 4])
        let cases: [[UInt8]] = [
            ihdr + PNGFixture.chunk("ABCD", [1]) + PNGFixture.chunk("IDAT", good),
            ihdr + PNGFixture.chunk("IDAT", PNGFixture.deflate([9, 1, 2, 0, 3, 4])),
            PNGFixture.chunk("IHDR", be32(2) + be32(2) + [8, 3, 0, 0, 0]) + PNGFixture.chunk("IDAT", good),
            PNGFixture.chunk("IHDR", be32(2) + be32(2) + [8, 1, 0, 0, 0]) + PNGFixture.chunk("IDAT", good),
            PNGFixture.chunk("IDAT", good) + ihdr,
        ]
        for body in cases {
            let png = PNGFixture.signatureBytes + body + PNGFixture.chunk("IEND", [])
            #expect(throws: ImageDecodingError.self) { try ImageDecoder().decode(png) }
        }
        // The same 2x2 grey image with a valid filter decodes.
        let ok = PNGFixture.signatureBytes + ihdr + PNGFixture.chunk("IDAT", good) + PNGFixture.chunk("IEND", [])
        #expect((try? ImageDecoder().decode(ok))?.pixels == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
    }
}
