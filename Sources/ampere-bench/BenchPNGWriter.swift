import CZlib
import Encoder

/// A minimal PNG writer for the benchmark only (RGB8, every row Paeth-filtered, not interlaced): turns
/// the catalogue's JPEG photos into realistic PNGs so the PNG decoder can be timed on the same pictures.
enum BenchPNGWriter {
    static func encode(_ image: RGBImage) -> [UInt8] {
        let rowBytes = image.width * 3
        var raw: [UInt8] = []
        raw.reserveCapacity(image.height * (rowBytes + 1))
        for y in 0..<image.height {
            raw.append(4)
            for i in 0..<rowBytes {
                let cur = Int(image.pixels[y * rowBytes + i])
                let a = i >= 3 ? Int(image.pixels[y * rowBytes + i - 3]) : 0
                let b = y > 0 ? Int(image.pixels[(y - 1) * rowBytes + i]) : 0
                let c = i >= 3 && y > 0 ? Int(image.pixels[(y - 1) * rowBytes + i - 3]) : 0
                let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                let pred = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                raw.append(UInt8(truncatingIfNeeded: cur - pred))
            }
        }
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        out += chunk("IHDR", be32(image.width) + be32(image.height) + [8, 2, 0, 0, 0])
        out += chunk("IDAT", deflate(raw))
        out += chunk("IEND", [])
        return out
    }

    private static func be32(_ v: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> $0) } }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        let crc = body.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, uInt($0.count))) }
        return be32(data.count) + body + be32(crc)
    }

    private static func deflate(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: czlib_deflate_capacity(data.count))
        let written = czlib_deflate_once(data, data.count, &out, out.count, 6, 15)
        return written < 0 ? [] : Array(out[..<written])
    }
}
