import Testing
@testable import Encoder

/// An APP1 segment carrying only an EXIF orientation tag, big- or little-endian.
private func exifSegment(orientation: Int, bigEndian: Bool) -> [UInt8] {
    func u16(_ v: Int) -> [UInt8] { bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
    func u32(_ v: Int) -> [UInt8] { bigEndian ? u16(v >> 16) + u16(v & 0xFFFF) : u16(v & 0xFFFF) + u16(v >> 16) }
    var tiff: [UInt8] = bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
    tiff += u16(42) + u32(8) + u16(1)
    tiff += u16(0x0112) + u16(3) + u32(1) + u16(orientation) + [0, 0]
    tiff += u32(0)
    let payload: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0] + tiff
    return [0xFF, 0xE1, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
}

/// A 32 x 16 picture with four distinct quadrants: red / blue on top, green / white below.
private let quadrants: RGBImage = {
    var px: [UInt8] = []
    for y in 0..<16 { for x in 0..<32 {
        switch (x < 16, y < 8) {
        case (true, true): px += [220, 30, 30]
        case (true, false): px += [30, 200, 30]
        case (false, true): px += [30, 30, 220]
        default: px += [240, 240, 240]
        }
    } }
    return RGBImage(width: 32, height: 16, pixels: px)
}()

private func colour(_ im: RGBImage, _ x: Int, _ y: Int) -> [Int] {
    (0..<3).map { Int(im.pixels[(y * im.width + x) * 3 + $0]) }
}

@Suite("EXIF orientation")
struct OrientationTests {
    @Test("orientation 6 (rotate 90 CW) and 8 (90 CCW) turn the JPEG upright", arguments: [true, false])
    func rotations(bigEndian: Bool) throws {
        let jpeg = JPEGFixture.encode(quadrants, quality: 95)
        for (orientation, topLeft) in [(6, [30, 200, 30]), (8, [30, 30, 220]), (3, [240, 240, 240]), (1, [220, 30, 30])] {
            let bytes = Array(jpeg[0..<2]) + exifSegment(orientation: orientation, bigEndian: bigEndian) + Array(jpeg[2...])
            #expect(JPEGOrientation.read(bytes) == orientation)
            let im = try ImageDecoder().decode(bytes)
            #expect(orientation >= 5 ? (im.width == 16 && im.height == 32) : (im.width == 32 && im.height == 16))
            #expect(zip(colour(im, 2, 2), topLeft).allSatisfy { abs($0 - $1) < 20 }, "orientation \(orientation)")
        }
    }

    @Test("all eight orientations are consistent: 2 then 2 is identity, 6 then 8 is identity, 5 is 6 mirrored")
    func algebra() {
        let im = SyntheticProduct.photo(seed: 3, width: 7, height: 5)
        #expect(im.oriented(2).oriented(2) == im)
        #expect(im.oriented(6).oriented(8) == im)
        #expect(im.oriented(3) == im.oriented(2).oriented(4))
        #expect(im.oriented(5) == im.oriented(6).oriented(2))
        #expect(im.oriented(7) == im.oriented(8).oriented(2))
        #expect(im.oriented(9) == im)
    }

    @Test("malformed EXIF is ignored, never an error")
    func malformed() throws {
        let jpeg = JPEGFixture.encode(quadrants)
        var seg = exifSegment(orientation: 6, bigEndian: true)
        seg[13] = 0x00   // break the TIFF magic 42 (bytes 12-13, after the marker, length and "Exif\0\0")
        let bytes = Array(jpeg[0..<2]) + seg + Array(jpeg[2...])
        #expect(JPEGOrientation.read(bytes) == 1)
        #expect(try ImageDecoder().decode(bytes).width == 32)
        #expect(JPEGOrientation.read([0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF]) == 1)
    }
}
