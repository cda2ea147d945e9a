/// Bounds-checked reads of little-endian scalars and raw arrays from a snapshot; running past the end throws
/// `truncated` rather than trapping.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(HNSWSnapshotError) -> T {
        let size = MemoryLayout<T>.size
        guard offset + size <= bytes.count else { throw .truncated }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(littleEndian: value)
    }

    /// Copies `count` elements into `destination`.
    mutating func read<T>(into destination: UnsafeMutablePointer<T>, count: Int) throws(HNSWSnapshotError) {
        let size = count * MemoryLayout<T>.stride
        guard count >= 0, offset + size <= bytes.count else { throw .truncated }
        if size > 0 {
            UnsafeMutableRawPointer(destination).copyMemory(from: bytes.baseAddress! + offset, byteCount: size)
        }
        offset += size
    }

    mutating func skip(to alignment: Int) throws(HNSWSnapshotError) {
        let next = (offset + alignment - 1) / alignment * alignment
        guard next <= bytes.count else { throw .truncated }
        offset = next
    }
}
