import Testing
@testable import Encoder
import VectorMath

/// Re-chunks a PNG with valid CRCs after mutating chunk payloads, so mutations reach deep code.
private func rechunk(_ bytes: [UInt8], mutate: (String, inout [UInt8]) -> Void) -> [UInt8] {
    var out = Array(bytes[0..<8])
    var pos = 8
    while pos + 12 <= bytes.count {
        let len = Int(bytes[pos]) << 24 | Int(bytes[pos + 1]) << 16 | Int(bytes[pos + 2]) << 8 | Int(bytes[pos + 3])
        let type = String(decoding: bytes[(pos + 4)..<(pos + 8)], as: UTF8.self)
        var data = Array(bytes[(pos + 8)..<(pos + 8 + len)])
        mutate(type, &data)
        out += PNGFixture.chunk(type, data)
        pos += 12 + len
    }
    return out
}

/// Mutation fuzzing of both decoders that gets past the CRC check (chunks are re-CRC'd after mutating
/// payloads, and raw scanlines are mutated before deflate). A crash fails the run; the counts check that
/// the mutations really produce both accepted and rejected inputs. Run once under ASan with 1500/5000
/// iterations (45,000 PNG + 10,000 JPEG cases, no report); here the counts are smaller.
@Test("mutated PNG and JPEG inputs never crash the decoders")
func mutationFuzz() {
    var rng = SplitMix64(seed: 1234)
    let types: [(Int, Int)] = [(0, 1), (0, 2), (0, 4), (0, 8), (0, 16), (2, 8), (2, 16), (3, 1), (3, 2), (3, 4),
                               (3, 8), (4, 8), (4, 16), (6, 8), (6, 16)]
    var decodedOK = 0, total = 0
    for (ct, d) in types {
        for inter in [false, true] {
            var f = PNGFixture(width: 17, height: 9, colorType: ct, bitDepth: d, interlaced: inter,
                               sample: { x, y, c in (x * 7 + y * 13 + c * 5) % (1 << d) })
            if ct == 3 {
                let n = min(1 << d, 5)
                f.palette = (0..<(3 * n)).map { UInt8($0 * 9) }
                f.sample = { x, y, _ in (x + y) % n }
            }
            let base = f.encode()
            for _ in 0..<60 {
                total += 1
                let mode = rng.next() % 4
                var b: [UInt8]
                switch mode {
                case 0:
                    b = rechunk(base) { t, data in
                        if t == "IHDR" || t == "IDAT" || t == "PLTE" || t == "tRNS", !data.isEmpty, rng.next() % 2 == 0 {
                            data[Int(rng.next() % UInt64(data.count))] = UInt8(truncatingIfNeeded: rng.next())
                        }
                    }
                case 1:
                    var raw = f.rawStream()
                    for _ in 0..<3 { raw[Int(rng.next() % UInt64(raw.count))] = UInt8(truncatingIfNeeded: rng.next()) }
                    if rng.next() % 3 == 0 { raw.removeLast(Int(rng.next() % 5)) } else if rng.next() % 3 == 0 { raw += [1, 2, 3] }
                    let z = PNGFixture.deflate(raw)
                    b = rechunk(base) { t, data in if t == "IDAT" { data = [] } }
                    b = Array(b.dropLast(12)) + PNGFixture.chunk("IDAT", z) + PNGFixture.chunk("IEND", [])
                case 2:
                    b = rechunk(base) { t, data in
                        if t == "tRNS" { data = (0..<Int(rng.next() % 12)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
                        if t == "PLTE", rng.next() % 2 == 0 { data = Array(data.prefix(Int(rng.next() % UInt64(data.count + 1)))) }
                    }
                default:
                    b = base
                    for _ in 0..<Int(rng.next() % 6 + 1) { b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next()) }
                }
                if (try? ImageDecoder().decode(b)) != nil { decodedOK += 1 }
            }
        }
    }
    let jpeg = JPEGFixture.encode(JPEGFixture.gradient(width: 40, height: 33), quality: 80)
    let prog = JPEGFixture.encode(JPEGFixture.gradient(width: 40, height: 33), quality: 80, progressive: true)
    for src in [jpeg, prog] {
        for _ in 0..<300 {
            var b = src
            for _ in 0..<Int(rng.next() % 8 + 1) { b[2 + Int(rng.next() % UInt64(b.count - 2))] = UInt8(truncatingIfNeeded: rng.next()) }
            if rng.next() % 4 == 0 { b.removeLast(Int(rng.next() % UInt64(b.count / 2))) }
            if let im = try? ImageDecoder().decode(b) { _ = PyramidDescriptor().encode(im); decodedOK += 1 }
        }
    }
    #expect(decodedOK > 0 && decodedOK < total + 600, "decoded \(decodedOK) of \(total + 600)")
}
