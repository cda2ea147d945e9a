import CJPEGShim

/// JPEG decoding through libjpeg-turbo, via the `CJPEGShim` C target whose error manager longjmps
/// instead of calling `exit()` and rejects damaged or truncated streams.
struct JPEGDecoder: Sendable {
    let limits: ImageLimits

    /// Decodes to RGB (greyscale and CMYK are converted) and turns the result upright per its EXIF
    /// orientation; dimensions are checked before decompression.
    func decode(_ bytes: [UInt8], minSide: Int) throws(ImageDecodingError) -> RGBImage {
        var out = cjpegshim_image()
        let code = bytes.withUnsafeBufferPointer { buf in
            cjpegshim_decode(buf.baseAddress, buf.count, Int32(clamping: limits.maxWidth),
                             Int32(clamping: limits.maxHeight), Int64(limits.maxPixels),
                             Int32(clamping: max(0, minSide)), &out)
        }
        switch Int(code) {
        case Int(CJPEGSHIM_OK):
            break
        case Int(CJPEGSHIM_TOO_LARGE):
            throw .tooLarge(width: Int(out.source_width), height: Int(out.source_height))
        default:
            throw .corrupt("JPEG: " + Self.message(of: &out))
        }
        defer { cjpegshim_free(out.pixels) }
        let width = Int(out.width), height = Int(out.height)
        let count = width * height * 3
        guard width > 0, height > 0, let src = out.pixels else { throw .corrupt("JPEG: empty image") }
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { dst, initialised in
            dst.baseAddress!.initialize(from: src, count: count)
            initialised = count
        }
        return RGBImage(width: width, height: height, pixels: pixels).oriented(JPEGOrientation.read(bytes))
    }

    /// libjpeg's NUL-terminated message out of the fixed C array.
    private static func message(of image: inout cjpegshim_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
    }
}
