import CZlib

/// A PNG decoder written on zlib's inflate: every colour type and bit depth (1-16), palettes with `tRNS`,
/// the five filters, Adam7 interlacing, CRC checks on every chunk.
///
/// Transparency is composited onto white (product photos are shot on white, so a transparent
/// cut-out then looks like its catalogue photo); 16-bit samples are rounded to 8 bits.
/// Ancillary chunks other than `tRNS` are ignored; an unknown critical chunk is an error.
struct PNGDecoder: Sendable {
    /// The 8-byte PNG signature.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    let limits: ImageLimits

    /// Decodes `bytes` (which must start with the signature) to RGB.
    func decode(_ bytes: [UInt8]) throws(ImageDecodingError) -> RGBImage {
        do {
            return try decodeUntyped(bytes)
        } catch let error as ImageDecodingError {
            throw error
        } catch {
            throw .corrupt("PNG: \(error)")
        }
    }

    /// The chunks that matter for decoding, gathered in one pass over the file.
    struct Chunks {
        var header: PNGHeader?
        var palette: [UInt8] = []
        var transparency: [UInt8]?
        var idat: [UInt8] = []
    }

    private func decodeUntyped(_ bytes: [UInt8]) throws -> RGBImage {
        let chunks = try readChunks(bytes)
        guard let header = chunks.header else { throw ImageDecodingError.corrupt("PNG: no IHDR") }
        if header.colorType == 3, chunks.palette.isEmpty {
            throw ImageDecodingError.corrupt("PNG: palette image without PLTE")
        }
        let expected = header.inflatedSize
        var raw = try Self.inflate(chunks.idat, expected: expected)
        let converter = try PNGPixelConverter(header: header, palette: chunks.palette,
                                              transparency: chunks.transparency)
        var pixels = [UInt8](repeating: 0, count: header.width * header.height * 3)
        var offset = 0
        for pass in header.passes {
            let rowBytes = header.rowBytes(pass.width)
            try Self.unfilter(&raw, offset: offset, rows: pass.height, rowBytes: rowBytes,
                              stride: header.filterStride)
            try converter.place(raw, offset: offset, pass: pass, rowBytes: rowBytes, into: &pixels)
            offset += pass.height * (1 + rowBytes)
        }
        return RGBImage(width: header.width, height: header.height, pixels: pixels)
    }

    /// Walks the chunk list: checks lengths, CRCs, order, and the dimension limits as soon as IHDR is read.
    private func readChunks(_ bytes: [UInt8]) throws -> Chunks {
        guard bytes.count >= 8, Array(bytes[0..<8]) == Self.signature else {
            throw ImageDecodingError.corrupt("PNG: bad signature")
        }
        var chunks = Chunks()
        var pos = 8
        var idatClosed = false   // IDAT chunks must be consecutive
        var sawIEND = false
        while pos < bytes.count, !sawIEND {
            guard bytes.count - pos >= 12 else { throw ImageDecodingError.corrupt("PNG: truncated chunk header") }
            let length = Int(bytes[pos]) << 24 | Int(bytes[pos + 1]) << 16 | Int(bytes[pos + 2]) << 8 | Int(bytes[pos + 3])
            guard length < 1 << 31, bytes.count - pos - 12 >= length else {
                throw ImageDecodingError.corrupt("PNG: chunk of \(length) bytes runs past the end of the data")
            }
            let type = Array(bytes[(pos + 4)..<(pos + 8)])
            let name = String(decoding: type, as: UTF8.self)
            guard type.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw ImageDecodingError.corrupt("PNG: invalid chunk type")
            }
            let data = bytes[(pos + 8)..<(pos + 8 + length)]
            let crcAt = pos + 8 + length
            let stored = UInt(bytes[crcAt]) << 24 | UInt(bytes[crcAt + 1]) << 16 | UInt(bytes[crcAt + 2]) << 8 | UInt(bytes[crcAt + 3])
            let computed = bytes.withUnsafeBufferPointer { UInt(crc32(0, $0.baseAddress! + pos + 4, uInt(length + 4))) }
            guard stored == computed else { throw ImageDecodingError.corrupt("PNG: CRC mismatch in \(name)") }
            if chunks.header == nil, name != "IHDR" { throw ImageDecodingError.corrupt("PNG: first chunk is not IHDR") }
            if !chunks.idat.isEmpty, name != "IDAT" { idatClosed = true }
            switch name {
            case "IHDR":
                guard chunks.header == nil else { throw ImageDecodingError.corrupt("PNG: second IHDR") }
                let header = try PNGHeader(data)
                try limits.check(width: header.width, height: header.height)
                chunks.header = header
            case "PLTE":
                guard length % 3 == 0, length > 0, length <= 768, chunks.idat.isEmpty else {
                    throw ImageDecodingError.corrupt("PNG: bad PLTE")
                }
                chunks.palette = Array(data)
            case "tRNS":
                chunks.transparency = Array(data)
            case "IDAT":
                guard !idatClosed else { throw ImageDecodingError.corrupt("PNG: IDAT chunks are not consecutive") }
                chunks.idat.append(contentsOf: data)
            case "IEND":
                sawIEND = true
            default:
                // Bit 5 of the first letter clear = critical: we cannot decode what we do not understand.
                if type[0] & 0x20 == 0 { throw ImageDecodingError.corrupt("PNG: unknown critical chunk \(name)") }
            }
            pos = crcAt + 4
        }
        guard sawIEND else { throw ImageDecodingError.corrupt("PNG: truncated (no IEND)") }
        guard !chunks.idat.isEmpty else { throw ImageDecodingError.corrupt("PNG: no IDAT") }
        return chunks
    }
}
