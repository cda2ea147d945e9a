import Foundation

/// Request fixtures for the catalog and search end-to-end tests: product bodies and real, decodable PNG images.
///
/// The PNG writer needs no zlib: the pixel data goes into *stored* (uncompressed) deflate blocks inside a
/// proper zlib stream (header, blocks, Adler-32), with real CRC-32s on every chunk, so any conforming decoder
/// (ours inflates with zlib) reads it. That keeps TestSupport free of a CZlib dependency.
package enum CatalogFixtures {
    /// A product body as the API contract defines it; nil fields are left out.
    package static func product(
        _ id: String, title: String, description: String? = nil, brand: String? = nil, category: String? = nil,
        price: Double? = nil, attributes: [String: String]? = nil, images: [String]? = nil,
        media: [MediaFixture]? = nil
    ) -> ProductFixture {
        ProductFixture(id: id, title: title, description: description, brand: brand, category: category, price: price,
                       attributes: attributes, images: images, media: media)
    }

    /// One `media` entry.
    package static func media(_ domain: String, asr: String? = nil, frames: [String]? = nil) -> MediaFixture {
        MediaFixture(domain: domain, asr: asr, frames: frames)
    }

    /// A `width`×`height` 8-bit RGB PNG whose pixel (x, y) is `pixel(x, y)`.
    package static func png(width: Int, height: Int, pixel: (Int, Int) -> (UInt8, UInt8, UInt8)) -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity(height * (1 + width * 3))
        for y in 0..<height {
            raw.append(0)  // filter type None
            for x in 0..<width {
                let (r, g, b) = pixel(x, y)
                raw += [r, g, b]
            }
        }
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        out += chunk("IHDR", be32(UInt32(width)) + be32(UInt32(height)) + [8, 2, 0, 0, 0])
        out += chunk("IDAT", zlibStored(raw))
        out += chunk("IEND", [])
        return out
    }

    /// A seeded pseudo-random colour pattern (blocks of colour plus a gradient), as base64 PNG.
    package static func pngBase64(seed: UInt64, side: Int = 48) -> String {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        func next() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let palette = (0..<16).map { _ in (next(), next(), next()) }
        let bytes = png(width: side, height: side) { x, y in
            let (r, g, b) = palette[(x / 12) % 4 + 4 * ((y / 12) % 4)]
            return (r &+ UInt8(x), g, b &+ UInt8(y))
        }
        return Data(bytes).base64EncodedString()
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return be32(UInt32(data.count)) + typed + be32(crc32(typed))
    }

    /// A zlib stream of stored deflate blocks (at most 65535 bytes each).
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]  // deflate, 32 KiB window, no dictionary; (0x7801 % 31 == 0)
        var offset = 0
        repeat {
            let n = min(65535, data.count - offset)
            let final: UInt8 = offset + n == data.count ? 1 : 0
            out += [final, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[offset..<(offset + n)]
            offset += n
        } while offset < data.count
        return out + be32(adler32(data))
    }

    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }
}
