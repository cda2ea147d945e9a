import HNSW
import VectorMath

/// The on-disk vector format (`index_vectors.vector`, `appearances.visual_vector`), three layouts told apart by
/// their first word:
///
/// - **raw**: little-endian float32s, 4 bytes a dimension (what earlier builds wrote; still read).
/// - **f32 blocks**: `u32 tag | u8 kind 1 | u8 0 | u16 0 | u32 dimension | u64 mask` of the 64-float blocks that
///   are not all zero, then those blocks' floats (the last block partial). A fused vector's missing branch
///   (a text-only appearance's 407 visual zeros) costs nothing.
/// - **int8 blocks** (`index.vector_type = int8`): the same header with kind 2, then `u32 used` blocks,
///   `f32 scales[used]`, `i8 codes[used * 64]` (VectorMath's `Int8Blocks`; trailing zero blocks left out).
///   Decoding gives the dequantized floats, which quantize back to the same codes, so a rebuilt int8 graph holds
///   exactly the rows the live one did.
///
/// The tag is a quiet-NaN bit pattern: a raw blob starting with it would hold a NaN, which no stored vector does.
public enum VectorBlob {
    /// How `encode` writes.
    public enum Encoding: Sendable, Equatable {
        /// Float32 with all-zero 64-float blocks skipped (raw float32 when the dimension exceeds 4,096).
        case f32
        /// Int8 blocks with one scale each (lossy).
        case int8

        /// The encoding that matches a graph's vector type.
        public init(_ type: HNSWVectorType) { self = type == .int8 ? .int8 : .f32 }
    }

    static let tag: UInt32 = 0x7FC0_B10C
    static let headerBytes = 12

    /// The bytes of `vector` as f32 blocks.
    public static func encode(_ vector: [Float]) -> [UInt8] { encode(vector, as: .f32) }

    /// The little-endian bytes of `vector` in `encoding`.
    public static func encode(_ vector: [Float], as encoding: Encoding) -> [UInt8] {
        let width = Int8Blocks.width
        let blocks = Int8Blocks.blocks(dimension: vector.count)
        if encoding == .int8 {
            var codes = [Int8](repeating: 0, count: blocks * width), scales = [Float](repeating: 0, count: blocks)
            let used = vector.withUnsafeBufferPointer { v in
                codes.withUnsafeMutableBufferPointer { c in
                    scales.withUnsafeMutableBufferPointer { s in
                        Int8Blocks.quantize(v.baseAddress!, count: vector.count, codes: c.baseAddress!, scales: s.baseAddress!)
                    }
                }
            }
            var out = header(kind: 2, dimension: vector.count)
            append(UInt32(used), to: &out)
            for b in 0..<used { append(scales[b].bitPattern, to: &out) }
            codes.withUnsafeBytes { out.append(contentsOf: $0[0..<(used * width)]) }
            return out
        }
        guard blocks <= 64 else { return raw(vector) }
        var mask: UInt64 = 0
        for b in 0..<blocks where vector[(b * width)..<min((b + 1) * width, vector.count)].contains(where: { $0 != 0 }) {
            mask |= 1 << UInt64(b)
        }
        var out = header(kind: 1, dimension: vector.count)
        out.reserveCapacity(out.count + 8 + mask.nonzeroBitCount * width * 4)
        append(UInt32(truncatingIfNeeded: mask), to: &out)
        append(UInt32(truncatingIfNeeded: mask >> 32), to: &out)
        for b in 0..<blocks where mask & (1 << UInt64(b)) != 0 {
            for v in vector[(b * width)..<min((b + 1) * width, vector.count)] { append(v.bitPattern, to: &out) }
        }
        return out
    }

    /// The floats in `bytes`; nil when they are none of the three layouts.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> [Float]? {
        guard bytes.count >= headerBytes, word(bytes, 0) == tag else { return decodeRaw(bytes) }
        let kind = bytes[4], dimension = Int(word(bytes, 8)), width = Int8Blocks.width
        let blocks = Int8Blocks.blocks(dimension: dimension)
        guard dimension <= 1 << 20 else { return nil }
        var out = [Float](repeating: 0, count: dimension)
        switch kind {
        case 1:
            guard bytes.count >= headerBytes + 8 else { return nil }
            let mask = UInt64(word(bytes, 12)) | UInt64(word(bytes, 16)) << 32
            guard blocks <= 64, mask >> UInt64(blocks) == 0 || blocks == 64 else { return nil }
            var offset = headerBytes + 8
            for b in 0..<blocks where mask & (1 << UInt64(b)) != 0 {
                let end = min((b + 1) * width, dimension)
                guard offset + (end - b * width) * 4 <= bytes.count else { return nil }
                for i in (b * width)..<end {
                    out[i] = Float(bitPattern: word(bytes, offset))
                    offset += 4
                }
            }
            return offset == bytes.count ? out : nil
        case 2:
            guard bytes.count >= headerBytes + 4 else { return nil }
            let used = Int(word(bytes, 12))
            guard used <= blocks, bytes.count == headerBytes + 4 + used * (4 + width) else { return nil }
            let codes = headerBytes + 4 + used * 4
            for b in 0..<used {
                let scale = Float(bitPattern: word(bytes, headerBytes + 4 + b * 4))
                for i in (b * width)..<min((b + 1) * width, dimension) {
                    out[i] = scale * Float(Int8(bitPattern: bytes[codes + i]))
                }
            }
            return out
        default:
            return nil
        }
    }

    /// The floats in `bytes`; nil when they are none of the three layouts.
    public static func decode(_ bytes: [UInt8]) -> [Float]? {
        bytes.withUnsafeBytes { decode($0) }
    }
    /// Plain little-endian float32s, 4 bytes a dimension (the raw layout; what PostgreSQL holds in cluster mode).
    public static func raw(_ vector: [Float]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: vector.count * 4)
        out.withUnsafeMutableBytes { raw in
            for (i, v) in vector.enumerated() { raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self) }
        }
        return out
    }

    private static func decodeRaw(_ bytes: UnsafeRawBufferPointer) -> [Float]? {
        guard bytes.count % 4 == 0 else { return nil }
        let n = bytes.count / 4
        return [Float](unsafeUninitializedCapacity: n) { buffer, count in
            for i in 0..<n { buffer[i] = Float(bitPattern: word(bytes, i * 4)) }
            count = n
        }
    }

    private static func header(kind: UInt8, dimension: Int) -> [UInt8] {
        var out: [UInt8] = []
        append(tag, to: &out)
        out += [kind, 0, 0, 0]
        append(UInt32(dimension), to: &out)
        return out
    }

    @inline(__always) private static func append(_ v: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    @inline(__always) private static func word(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
