/// The encoded formats the visual branch accepts, recognised by their magic bytes (never by a file name
/// or a client-declared type).
public enum ImageFormat: String, Sendable, Equatable {
    /// JPEG/JFIF/EXIF: starts with the SOI marker `FF D8 FF`.
    case jpeg
    /// PNG: starts with the 8-byte signature `89 50 4E 47 0D 0A 1A 0A`.
    case png

    /// The format whose signature `bytes` start with, or nil for anything else.
    public static func sniff(_ bytes: some Collection<UInt8>) -> ImageFormat? {
        let head = Array(bytes.prefix(8))
        if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
        if head == PNGDecoder.signature { return .png }
        return nil
    }
}
