/// The EXIF orientation of a JPEG (tag 0x0112 in IFD0 of the APP1 "Exif" segment): how the stored
/// pixels must be turned to appear upright. Phone cameras store sensor-oriented pixels plus this tag;
/// libjpeg ignores it, so without it a portrait product photo would be described lying on its side.
enum JPEGOrientation {
    /// The orientation value 1...8, or 1 when absent or malformed (malformed EXIF is never an error:
    /// the pixels are still fine).
    static func read(_ bytes: [UInt8]) -> Int {
        var pos = 2   // after SOI
        // Walk the marker segments before the image data; APP1 is normally first or second.
        while pos + 4 <= bytes.count, bytes[pos] == 0xFF {
            let marker = bytes[pos + 1]
            if marker == 0xD9 || marker == 0xDA { break }   // EOI, or start of scan: no more metadata
            let length = Int(bytes[pos + 2]) << 8 | Int(bytes[pos + 3])
            guard length >= 2, pos + 2 + length <= bytes.count else { break }
            if marker == 0xE1, let value = exifOrientation(bytes[(pos + 4)..<(pos + 2 + length)]) { return value }
            pos += 2 + length
        }
        return 1
    }

    /// Orientation from an APP1 payload (`Exif\0\0` + TIFF), nil if it is not EXIF or has no valid tag.
    private static func exifOrientation(_ seg: ArraySlice<UInt8>) -> Int? {
        let d = Array(seg)
        guard d.count >= 14, d[0..<6].elementsEqual([0x45, 0x78, 0x69, 0x66, 0, 0]) else { return nil }
        let tiff = 6
        let big: Bool
        switch (d[tiff], d[tiff + 1]) {
        case (0x4D, 0x4D): big = true
        case (0x49, 0x49): big = false
        default: return nil
        }
        func u16(_ i: Int) -> Int? {
            guard i >= 0, i + 2 <= d.count else { return nil }
            return big ? Int(d[i]) << 8 | Int(d[i + 1]) : Int(d[i + 1]) << 8 | Int(d[i])
        }
        func u32(_ i: Int) -> Int? {
            guard let hi = u16(big ? i : i + 2), let lo = u16(big ? i + 2 : i) else { return nil }
            return hi << 16 | lo
        }
        guard u16(tiff + 2) == 42, let ifd = u32(tiff + 4), let count = u16(tiff + ifd) else { return nil }
        for k in 0..<min(count, 512) {
            let entry = tiff + ifd + 2 + 12 * k
            guard let tag = u16(entry) else { return nil }
            if tag == 0x0112, u16(entry + 2) == 3, let value = u16(entry + 8), (1...8).contains(value) {
                return value
            }
        }
        return nil
    }
}
