import Encoder
import FuzzSupport

/// Fuzzes `ImageDecoder` (JPEG through libjpeg and the setjmp shim, PNG through zlib, EXIF orientation) under
/// pixel and byte limits, then resizes and describes what decodes. Byte 0 picks `minSide` (libjpeg DCT scaling):
/// 0, the descriptor's recommended side, 16 or 1; the rest is the encoded image. Seeds: Fuzz/make-image-seeds.py.
///
/// Limits are smaller than the service's defaults so one input costs milliseconds, not seconds; the code path is
/// the same. Checked: no crash; errors are `ImageDecodingError`s; a decoded image is within the limits and has
/// exactly width x height x 3 bytes; the resize and the descriptor give finite values of the right length.
enum ImageDecoderTarget: FuzzTarget {
    static let limits = ImageLimits(maxWidth: 2048, maxHeight: 2048, maxPixels: 1 << 20, maxEncodedBytes: 1 << 20)
    static let decoder = ImageDecoder(limits: limits)
    static let descriptor = PyramidDescriptor()

    static func run(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let minSide = [0, descriptor.recommendedDecodeSide, 16, 1][Int(selector) & 3]
        let image: RGBImage
        do {
            image = try decoder.decode(Array(input.dropFirst()), minSide: minSide)
        } catch {
            FuzzDriver.note("refused: \(error)")
            FuzzDriver.check(!error.description.isEmpty && !error.code.isEmpty, "error without a message")
            return
        }
        FuzzDriver.check(image.width > 0 && image.height > 0 && image.width <= limits.maxWidth
                         && image.height <= limits.maxHeight && image.width * image.height <= limits.maxPixels,
                         "decoded \(image.width)x\(image.height) outside the limits")
        FuzzDriver.check(image.pixels.count == image.width * image.height * 3,
                         "\(image.pixels.count) bytes for \(image.width)x\(image.height)")
        FuzzDriver.note("decoded \(image.width)x\(image.height)")
        let small = image.resized(width: 7, height: 5)
        FuzzDriver.check(small.pixels.count == 7 * 5 * 3, "resize gave \(small.pixels.count) bytes")
        let vector = descriptor.encode(image)
        FuzzDriver.check(vector.count == descriptor.dimension, "descriptor has \(vector.count) values")
        FuzzDriver.check(vector.allSatisfy(\.isFinite), "descriptor has a non-finite value")
    }
}

// libFuzzer calls the entry point in a fuzz build; any other build gets the replay `main`.
#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput") public func fuzzImageDecoder(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt { ImageDecoderTarget.fuzz(d, n) }
#else
@main enum Main: FuzzReplayMain { typealias Target = ImageDecoderTarget }
#endif
