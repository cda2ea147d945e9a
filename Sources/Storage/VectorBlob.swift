/// Encodes `[Float]` as little-endian float32 bytes (the on-disk vector format) and back.
public enum VectorBlob {
    /// The little-endian bytes of `vector`.
    public static func encode(_ vector: [Float]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: vector.count * 4)
        out.withUnsafeMutableBytes { raw in
            for (i, v) in vector.enumerated() { raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self) }
        }
        return out
    }

    /// The floats in `bytes`; nil when the length is not a multiple of 4.
    public static func decode(_ bytes: UnsafeRawBufferPointer) -> [Float]? {
        guard bytes.count % 4 == 0 else { return nil }
        let n = bytes.count / 4
        return [Float](unsafeUninitializedCapacity: n) { buffer, count in
            for i in 0..<n {
                buffer[i] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
            }
            count = n
        }
    }

    /// The floats in `bytes`; nil when the length is not a multiple of 4.
    public static func decode(_ bytes: [UInt8]) -> [Float]? {
        bytes.withUnsafeBytes { decode($0) }
    }
}
